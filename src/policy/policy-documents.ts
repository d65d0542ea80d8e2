import type { SynthesizedStack } from './synthesized';
import { parseHclLiteral } from './hcl-literal';

/** A policy statement as the baseline reads it, whichever way the policy was written. */
export interface ReadStatement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** `*` for anyone; otherwise `AWS:<arn>` or `Service:<name>` entries. */
  readonly principals: readonly string[];
  readonly conditions: ReadonlyArray<{
    readonly test: string;
    readonly variable: string;
    readonly values: readonly string[];
  }>;
}

const list = (value: unknown): string[] =>
  value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map(String);

function fromJson(statement: Record<string, unknown>): ReadStatement {
  const principal = statement.Principal;
  const principals =
    principal === '*'
      ? ['*']
      : Object.entries((principal ?? {}) as Record<string, unknown>).flatMap(([type, ids]) =>
          list(ids).map((id) => (type === 'AWS' && id === '*' ? '*' : `${type}:${id}`)),
        );
  const conditions = Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(
    ([test, byKey]) => Object.entries(byKey).map(([variable, values]) => ({ test, variable, values: list(values) })),
  );
  return {
    effect: String(statement.Effect),
    actions: list(statement.Action),
    resources: list(statement.Resource),
    principals,
    conditions,
  };
}

function fromDataSource(statement: Record<string, unknown>): ReadStatement {
  const blocks = (value: unknown): Array<Record<string, unknown>> =>
    (Array.isArray(value) ? value : value ? [value] : []) as Array<Record<string, unknown>>;
  return {
    effect: String(statement.effect ?? 'Allow'),
    actions: list(statement.actions),
    resources: list(statement.resources),
    principals: blocks(statement.principals).flatMap((p) =>
      list(p.identifiers).map((id) => (id === '*' ? '*' : `${String(p.type)}:${id}`)),
    ),
    conditions: blocks(statement.condition).map((c) => ({
      test: String(c.test),
      variable: String(c.variable),
      values: list(c.values),
    })),
  };
}

/**
 * The statements of a policy argument: `jsonencode` of a literal document (what policyDocument() and
 * Fn.jsonencode render), a JSON string, or a reference to an `aws_iam_policy_document` data source of the
 * same stack. Undefined when the policy is built some other way, which the baseline cannot read.
 */
export function readPolicy(value: unknown, stack: SynthesizedStack): ReadStatement[] | undefined {
  if (typeof value !== 'string') return undefined;
  const dataSource = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(value);
  if (dataSource) {
    const document = stack.data?.aws_iam_policy_document?.[dataSource[1]];
    if (document === undefined) return undefined;
    const statements = document.statement;
    return (Array.isArray(statements) ? statements : statements ? [statements] : []).map((s) =>
      fromDataSource(s as Record<string, unknown>),
    );
  }
  // `${jsonencode({...})}` as policyDocument() and Fn.jsonencode render it, or a plain JSON string.
  const encoded = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(value)?.[1];
  try {
    const parsed = (encoded !== undefined ? parseHclLiteral(encoded) : JSON.parse(value)) as { Statement?: unknown };
    const statements = parsed.Statement;
    return (Array.isArray(statements) ? statements : statements ? [statements] : []).map((s) =>
      fromJson(s as Record<string, unknown>),
    );
  } catch {
    return undefined;
  }
}
