/**
 * Assembles one `.tftest.hcl` per stack from the per-topic files of `terraform-tests/<kind>/`, so a stack's
 * assertions run in as few `run` blocks as possible (every run starts one mock provider per provider block,
 * which is most of `terraform test`'s time). Pure: no processes, no file system.
 *
 * - the asserts of every `command = plan` and `command = apply` run go into one plan run: the harness's mock
 *   providers supply every computed value during plan (`override_during = plan`, see `mockProviderBlocks`), so a
 *   mocked apply would only repeat the plan, at four more starts of every provider (apply, and the cleanup's
 *   refresh, destroy plan and destroy); each assert's error_message is prefixed with `[<kind>/<file>:<run>#<n>]` so a failure still
 *   names the file, the run and the assertion it came from;
 * - a run that sets anything besides `command` and `assert` (`variables`, `expect_failures`, `plan_options`,
 *   `module`, `providers`, overrides, ...) stays a run of its own, as written;
 * - file-level `variables` and `override_*` blocks apply to the whole assembled file: the same variable or
 *   override target with two different values in two files is an error, not a silent choice.
 */

export interface HclBlock {
  readonly kind: 'block';
  readonly type: string;
  readonly labels: readonly string[];
  /** The text between the braces. */
  readonly body: string;
  readonly text: string;
}

export interface HclAttribute {
  readonly kind: 'attribute';
  readonly name: string;
  /** The expression's source text, verbatim (may span lines inside brackets). */
  readonly expression: string;
  readonly text: string;
}

export type HclItem = HclBlock | HclAttribute;

const OPEN = '([{';
const CLOSE = ')]}';

function fail(message: string, text: string, at: number): never {
  const line = text.slice(0, at).split('\n').length;
  throw new Error(`${message} (line ${line})`);
}

/** Index after a comment starting at `i`, or `i` when there is none. */
function skipComment(text: string, i: number): number {
  if (text[i] === '#' || (text[i] === '/' && text[i + 1] === '/')) {
    const end = text.indexOf('\n', i);
    return end < 0 ? text.length : end;
  }
  if (text[i] === '/' && text[i + 1] === '*') {
    const end = text.indexOf('*/', i + 2);
    if (end < 0) fail('unterminated comment', text, i);
    return end + 2;
  }
  return i;
}

/** Index after a heredoc starting at `i` (`<<EOF` or `<<-EOF`), or `i` when there is none. */
function skipHeredoc(text: string, i: number): number {
  const match = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i));
  if (!match) return i;
  const marker = match[1];
  let at = i + match[0].length;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end);
    if (line.trim() === marker) return end < 0 ? text.length : end;
    if (end < 0) break;
    at = end + 1;
  }
  return fail(`unterminated heredoc ${marker}`, text, i);
}

/** Index after the quoted string starting at `i`, template interpolations included. */
function skipString(text: string, i: number): number {
  let at = i + 1;
  while (at < text.length) {
    const c = text[at];
    if (c === '\\') {
      at += 2;
    } else if (c === '"') {
      return at + 1;
    } else if ((c === '$' || c === '%') && text[at + 1] === c && text[at + 2] === '{') {
      at += 3; // $${ and %%{ are literal
    } else if ((c === '$' || c === '%') && text[at + 1] === '{') {
      at = skipBalanced(text, at + 1);
    } else if (c === '\n') {
      return fail('unterminated string', text, i);
    } else {
      at++;
    }
  }
  return fail('unterminated string', text, i);
}

/** Index after the bracket matching the one at `i`, skipping strings, heredocs and comments. */
function skipBalanced(text: string, i: number): number {
  const stack: string[] = [];
  let at = i;
  while (at < text.length) {
    const c = text[at];
    if (c === '"') {
      at = skipString(text, at);
      continue;
    }
    const afterComment = skipComment(text, at);
    if (afterComment !== at) {
      at = afterComment;
      continue;
    }
    const afterHeredoc = c === '<' ? skipHeredoc(text, at) : at;
    if (afterHeredoc !== at) {
      at = afterHeredoc;
      continue;
    }
    if (OPEN.includes(c)) {
      stack.push(CLOSE[OPEN.indexOf(c)]);
    } else if (CLOSE.includes(c)) {
      if (stack.pop() !== c) fail(`unbalanced ${c}`, text, at);
      if (stack.length === 0) return at + 1;
    }
    at++;
  }
  return fail('unbalanced brackets', text, i);
}

/** End of the expression starting at `i`: the first newline (or comment) outside brackets, strings and heredocs. */
function expressionEnd(text: string, i: number): number {
  let at = i;
  while (at < text.length) {
    const c = text[at];
    if (c === '\n') return at;
    if (c === '"') {
      at = skipString(text, at);
    } else if (skipComment(text, at) !== at) {
      return at;
    } else if (c === '<' && skipHeredoc(text, at) !== at) {
      at = skipHeredoc(text, at);
    } else if (OPEN.includes(c)) {
      at = skipBalanced(text, at);
    } else if (CLOSE.includes(c)) {
      fail(`unexpected ${c}`, text, at);
    } else {
      at++;
    }
  }
  return at;
}

/** The attributes and blocks of an HCL body (a file, or the text between a block's braces); comments dropped. */
export function parseHclBody(text: string): HclItem[] {
  const items: HclItem[] = [];
  let at = 0;
  while (at < text.length) {
    if (/\s/.test(text[at])) {
      at++;
      continue;
    }
    const afterComment = skipComment(text, at);
    if (afterComment !== at) {
      at = afterComment;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(at));
    if (!name) fail(`unexpected ${JSON.stringify(text[at])}`, text, at);
    const start = at;
    at += name[0].length;
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text[at] === '=' && text[at + 1] !== '=') {
      at++;
      while (text[at] === ' ' || text[at] === '\t') at++;
      const end = expressionEnd(text, at);
      items.push({
        kind: 'attribute',
        name: name[0],
        expression: text.slice(at, end).trim(),
        text: text.slice(start, end).trim(),
      });
      at = end;
      continue;
    }
    const labels: string[] = [];
    for (;;) {
      while (text[at] === ' ' || text[at] === '\t') at++;
      if (text[at] === '"') {
        const end = skipString(text, at);
        labels.push(JSON.parse(text.slice(at, end)) as string);
        at = end;
      } else if (text[at] === '{') {
        break;
      } else {
        const label = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(at));
        if (!label) fail(`expected a block label or { after ${name[0]}`, text, at);
        labels.push(label[0]);
        at += label[0].length;
      }
    }
    const end = skipBalanced(text, at);
    items.push({
      kind: 'block',
      type: name[0],
      labels,
      body: text.slice(at + 1, end - 1),
      text: text.slice(start, end),
    });
    at = end;
  }
  return items;
}

export interface TopicFile {
  /** `<kind>/<file>.tftest.hcl`, as named in reports and assertion prefixes. */
  readonly source: string;
  readonly text: string;
}

/** A run block of a per-topic file, and where it ended up in the assembled file. */
export interface OriginalRun {
  readonly source: string;
  readonly run: string;
  readonly command: 'plan' | 'apply';
  readonly assertions: number;
  /** The run of the assembled file that carries its assertions. */
  readonly carriedBy: string;
}

/** Where one assertion of an original run sits in the assembled file (1-based lines of its `assert` block). */
export interface AssertionLines {
  readonly source: string;
  readonly run: string;
  /** 1-based, as in its tag. */
  readonly number: number;
  readonly firstLine: number;
  readonly lastLine: number;
}

export interface AssembledTestFile {
  readonly text: string;
  readonly runs: readonly OriginalRun[];
  /** Run names of the assembled file, in order. */
  readonly assembledRuns: readonly string[];
  /** Every tagged assertion's lines, so a diagnostic that carries no error_message is still placed by its line. */
  readonly assertionLines: readonly AssertionLines[];
}

/** The one run carrying the assertions of every run that sets only `command` and `assert`. */
export const MERGED_RUN = 'assertions';

/** The prefix put before each assertion's error_message: no spaces, so Terraform's word wrapping keeps it whole. */
export function assertionTag(source: string, run: string, index: number): string {
  return `[${source}:${run}#${index + 1}]`;
}

const TAG = /\[([A-Za-z0-9_./-]+\.tftest\.hcl):([A-Za-z0-9_-]+)#(\d+)\]/g;

function attribute(items: readonly HclItem[], name: string): HclAttribute | undefined {
  return items.find((item): item is HclAttribute => item.kind === 'attribute' && item.name === name);
}

function normalized(expression: string): string {
  return expression.replace(/\s+/g, ' ').trim();
}

/** The command of a run's body, or undefined when the run must stay separate (it sets more than command and asserts). */
function mergeableCommand(items: readonly HclItem[]): 'plan' | 'apply' | undefined {
  const others = items.filter(
    (item) =>
      !(item.kind === 'attribute' && item.name === 'command') && !(item.kind === 'block' && item.type === 'assert'),
  );
  if (others.length > 0) return undefined;
  const command = attribute(items, 'command')?.expression ?? 'apply';
  return command === 'plan' || command === 'apply' ? command : undefined;
}

function taggedAssert(block: HclBlock, tag: string, where: string): string {
  const items = parseHclBody(block.body);
  const condition = attribute(items, 'condition');
  const message = attribute(items, 'error_message');
  if (!condition || !message || items.length !== 2)
    throw new Error(`${where}: an assert needs exactly condition and error_message`);
  const literal = message.expression.startsWith('"') && skipString(message.expression, 0) === message.expression.length;
  const tagged = literal ? `"${tag} ${message.expression.slice(1)}` : `"${tag} \${${message.expression}}"`;
  return `  assert {\n    condition = ${condition.expression}\n    error_message = ${tagged}\n  }\n`;
}

/** How `without` names an original run: `<kind>/<file>:<run>`. */
export function runKey(run: { readonly source: string; readonly run: string }): string {
  return `${run.source}:${run.run}`;
}

/** The lines of every assertion `runs` put into `text`, found by their tags (each unique in the file). */
function locateAssertions(text: string, runs: readonly OriginalRun[]): AssertionLines[] {
  const lineAt = (index: number): number => text.slice(0, index).split('\n').length;
  return runs.flatMap((run) =>
    Array.from({ length: run.assertions }, (_, index) => {
      const message = text.indexOf(`error_message = "${assertionTag(run.source, run.run, index)}`);
      if (message < 0)
        throw new Error(`${run.source} run ${run.run}: assertion ${index + 1} not found in the assembled file`);
      const start = text.lastIndexOf('  assert {\n', message);
      const end = text.indexOf('\n  }\n', message);
      return {
        source: run.source,
        run: run.run,
        number: index + 1,
        firstLine: lineAt(start),
        lastLine: lineAt(end + 1),
      };
    }),
  );
}

function runName(source: string, run: string): string {
  return `${source.replace(/\.tftest\.hcl$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}__${run}`;
}

/**
 * One test file carrying every run of `files`: one plan run with all mergeable assertions, plus the runs that must
 * stay separate. Runs named in `without` (`runKey`) are left out. With `module` (a path from the directory
 * `terraform test` runs in), every run tests that module instead of the root one, so one `terraform test` can
 * test several stacks, one file each. Throws when the files cannot share one file.
 */
export function assembleTestFile(
  files: readonly TopicFile[],
  header = '',
  without: ReadonlySet<string> = new Set(),
  module?: string,
): AssembledTestFile {
  const moduleBlock = module ? `  module {\n    source = ${JSON.stringify(module)}\n  }\n` : '';
  const variables = new Map<string, { expression: string; source: string }>();
  const overrides = new Map<string, { text: string; source: string }>();
  const merged: string[] = [];
  const separate: Record<'plan' | 'apply', string[]> = { plan: [], apply: [] };
  const separateNames: Record<'plan' | 'apply', string[]> = { plan: [], apply: [] };
  const runs: OriginalRun[] = [];

  for (const file of files) {
    let items: HclItem[];
    try {
      items = parseHclBody(file.text);
    } catch (error) {
      throw new Error(`${file.source}: ${(error as Error).message}`);
    }
    for (const item of items) {
      if (item.kind === 'attribute') throw new Error(`${file.source}: unexpected top-level attribute ${item.name}`);
      if (item.type === 'variables') {
        for (const variable of parseHclBody(item.body)) {
          if (variable.kind !== 'attribute') throw new Error(`${file.source}: unexpected block in variables`);
          const seen = variables.get(variable.name);
          if (seen && normalized(seen.expression) !== normalized(variable.expression)) {
            throw new Error(
              `${file.source} and ${seen.source} set variable ${variable.name} differently; they cannot share a stack's test file (move one into a run's variables block)`,
            );
          }
          variables.set(variable.name, { expression: variable.expression, source: file.source });
        }
      } else if (
        item.type === 'override_resource' ||
        item.type === 'override_data' ||
        item.type === 'override_module'
      ) {
        const target = attribute(parseHclBody(item.body), 'target')?.expression;
        if (!target) throw new Error(`${file.source}: ${item.type} without target`);
        const key = `${item.type} ${normalized(target)}`;
        const seen = overrides.get(key);
        if (seen && normalized(seen.text) !== normalized(item.text)) {
          throw new Error(
            `${file.source} and ${seen.source} override ${normalized(
              target,
            )} differently; they cannot share a stack's test file`,
          );
        }
        overrides.set(key, { text: item.text, source: file.source });
      } else if (item.type === 'run') {
        const name = item.labels[0];
        if (item.labels.length !== 1 || !name) throw new Error(`${file.source}: a run block needs one name`);
        if (without.has(runKey({ source: file.source, run: name }))) continue;
        const body = parseHclBody(item.body);
        const asserts = body.filter((entry): entry is HclBlock => entry.kind === 'block' && entry.type === 'assert');
        const command = mergeableCommand(body);
        if (command) {
          merged.push(
            ...asserts.map((block, index) =>
              taggedAssert(block, assertionTag(file.source, name, index), `${file.source} run ${name}`),
            ),
          );
          runs.push({ source: file.source, run: name, command, assertions: asserts.length, carriedBy: MERGED_RUN });
        } else {
          if (module && body.some((entry) => entry.kind === 'block' && entry.type === 'module'))
            throw new Error(`${file.source} run ${name} tests a module of its own, so it cannot test another stack's`);
          const renamed = runName(file.source, name);
          const own = attribute(body, 'command')?.expression === 'plan' ? 'plan' : 'apply';
          const tagged = body.map((entry) =>
            entry.kind === 'block' && entry.type === 'assert' ? null : `  ${entry.text}\n`,
          );
          let index = 0;
          const text = body
            .map(
              (entry, at) =>
                tagged[at] ??
                taggedAssert(entry as HclBlock, assertionTag(file.source, name, index++), `${file.source} run ${name}`),
            )
            .join('');
          separate[own].push(`run "${renamed}" {\n${moduleBlock}${text}}\n`);
          separateNames[own].push(renamed);
          runs.push({ source: file.source, run: name, command: own, assertions: asserts.length, carriedBy: renamed });
        }
      } else {
        throw new Error(
          `${file.source}: ${item.type} blocks are not supported in terraform-tests (the harness generates the providers)`,
        );
      }
    }
  }

  const parts: string[] = [header];
  parts.push(`# Assembled by scripts/terraform-test.ts from: ${files.map((file) => file.source).join(', ')}\n`);
  if (variables.size > 0) {
    parts.push(
      `variables {\n${[...variables].map(([name, { expression }]) => `  ${name} = ${expression}\n`).join('')}}\n`,
    );
  }
  for (const { text } of overrides.values()) parts.push(`${text}\n`);
  const assembledRuns: string[] = [];
  if (runs.some((run) => run.carriedBy === MERGED_RUN)) {
    parts.push(`run "${MERGED_RUN}" {\n${moduleBlock}  command = plan\n\n${merged.join('\n')}}\n`);
    assembledRuns.push(MERGED_RUN);
  }
  // Plan runs first: they leave the state empty, so each plans against nothing, as in its own file.
  parts.push(...separate.plan);
  assembledRuns.push(...separateNames.plan);
  parts.push(...separate.apply);
  assembledRuns.push(...separateNames.apply);
  const text = parts.join('\n');
  return { text, runs, assembledRuns, assertionLines: locateAssertions(text, runs) };
}

export interface RunOutcome {
  readonly run: OriginalRun;
  readonly ok: boolean;
  /** Assertions of this run that Terraform reported as failed. */
  readonly failedAssertions: number;
  /**
   * Assertions of this run whose condition could not be evaluated (unknown or null, an invalid reference): an
   * error, which makes Terraform skip the runs after its carrier (see `guardedOutcomes`).
   */
  readonly erroredAssertions: number;
  /** Why it failed when no assertion of its own did (its carrier errored or was skipped), or how its assertion errored. */
  readonly note?: string;
}

interface Diagnostic {
  readonly summary: string;
  /** The run of the assembled file it was reported in; undefined for file-level errors. */
  readonly run?: string;
  /** The line of the test file it points at (`on tests/stack.tftest.hcl line N`), if any. */
  readonly line?: number;
  readonly text: string;
}

/** The error diagnostics of `terraform test` output. Terraform may print them after the run lines, so each is placed by its `in run "..."` line. */
function errorDiagnostics(text: string): Diagnostic[] {
  const starts = [...text.matchAll(/^[│| ]*(Error|Warning): (.*)$/gm)];
  return starts
    .map((match, index) => {
      const end = index + 1 < starts.length ? starts[index + 1].index : text.length;
      const body = text.slice(match.index, end);
      const line = /on \S+\.tftest\.hcl line (\d+)/.exec(body)?.[1];
      return {
        severity: match[1],
        summary: match[2].trim(),
        run: /in run "([^"]+)"/.exec(body)?.[1],
        line: line ? Number(line) : undefined,
        text: body,
      };
    })
    .filter((diagnostic) => diagnostic.severity === 'Error')
    .map(({ summary, run, line, text: body }) => ({ summary, run, line, text: body }));
}

/**
 * Per original run, whether it passed, from `terraform test -no-color` output of the assembled file: a run
 * passes when its carrier passed, or when its carrier failed only on other runs' assertions. Terraform evaluates
 * every assert of a run even when an earlier one errors (an unknown or null condition, an invalid reference), and
 * reports that error at the assert's line without its error_message (hashicorp/terraform v1.11.4
 * internal/moduletest/eval_context.go, `Evaluate`: `continue` after each rule's error). So such an error is placed by
 * its line (`assertionLines`) and fails only the run block whose assertion it is. A carrier that errored otherwise
 * (its plan or apply failed, so no assertion was evaluated) or was skipped fails every run it carries.
 */
export function runOutcomes(file: AssembledTestFile, output: string): RunOutcome[] {
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const status = new Map(
    [...text.matchAll(/^\s*run "([^"]+)"\.\.\. (pass|fail|skip)\s*$/gm)].map((match) => [match[1], match[2]]),
  );
  const diagnostics = errorDiagnostics(text);
  const assertionAt = (diagnostic: Diagnostic): AssertionLines | undefined =>
    diagnostic.line === undefined
      ? undefined
      : file.assertionLines.find((lines) => diagnostic.line! >= lines.firstLine && diagnostic.line! <= lines.lastLine);
  return file.runs.map((run) => {
    const carrier = status.get(run.carriedBy);
    const own = diagnostics.filter((diagnostic) => diagnostic.run === run.carriedBy || diagnostic.run === undefined);
    const failedAssertions = new Set(
      own
        .filter((diagnostic) => diagnostic.summary === 'Test assertion failed')
        .flatMap((diagnostic) => [...diagnostic.text.matchAll(TAG)])
        .filter((tag) => tag[1] === run.source && tag[2] === run.run)
        .map((tag) => tag[3]),
    ).size;
    const errors = own.filter((diagnostic) => diagnostic.summary !== 'Test assertion failed');
    const erroredHere = errors
      .map((diagnostic) => ({ diagnostic, at: assertionAt(diagnostic) }))
      .filter(({ at }) => at?.source === run.source && at.run === run.run);
    const erroredAssertions = new Set(erroredHere.map(({ at }) => at!.number)).size;
    const outcome = (ok: boolean, note?: string): RunOutcome => ({
      run,
      ok,
      failedAssertions,
      erroredAssertions,
      ...(note ? { note } : {}),
    });
    if (!carrier) return outcome(false, `run ${run.carriedBy} did not run`);
    if (carrier === 'pass') return { run, ok: true, failedAssertions: 0, erroredAssertions: 0 };
    if (erroredHere.length > 0) {
      const [{ diagnostic, at }] = erroredHere;
      return outcome(
        false,
        `assertion #${at!.number} errored: ${diagnostic.summary} (line ${diagnostic.line} of the assembled file)`,
      );
    }
    if (carrier === 'skip') return outcome(false, `run ${run.carriedBy} was skipped after an earlier failure`);
    const other = errors.find((diagnostic) => assertionAt(diagnostic) === undefined);
    if (other) return outcome(false, `run ${run.carriedBy} errored: ${other.summary}`);
    return outcome(failedAssertions === 0);
  });
}

/**
 * The output of each test file of one `terraform test`, by file as Terraform names it (`tests/<name>.tftest.hcl`):
 * from its `... in progress` line to the next file's, with its closing status. Terraform runs the files one after
 * the other and prints a file's diagnostics inside its part.
 */
export function fileSegments(output: string): Map<string, { text: string; status?: 'pass' | 'fail' | 'skip' }> {
  const text = output.replace(/\x1b\[[0-9;]*m/g, '');
  const starts = [...text.matchAll(/^(\S+\.tftest\.hcl)\.\.\. in progress\s*$/gm)];
  return new Map(
    starts.map((match, index) => {
      const body = text.slice(match.index, index + 1 < starts.length ? starts[index + 1].index : text.length);
      const status = [...body.matchAll(/^(\S+\.tftest\.hcl)\.\.\. (pass|fail|skip)\s*$/gm)].find(
        (line) => line[1] === match[1],
      )?.[2] as 'pass' | 'fail' | 'skip' | undefined;
      return [match[1], { text: body, status }];
    }),
  );
}

/** One `terraform test` of an assembled file. */
export interface TestPass {
  readonly file: AssembledTestFile;
  readonly result: { readonly code: number; readonly output: string };
  /** The run blocks left out of this pass (`runKey`), because an assertion of theirs errored in an earlier one. */
  readonly without: readonly string[];
}

/**
 * The outcome of every run block of a stack, guarded against one erroring assertion hiding the others. An
 * assertion that errors (e.g. a plan-time condition on a value known only after apply) fails its run block, and
 * Terraform then skips every later run of the file (hashicorp/terraform v1.11.4 internal/backend/local/test.go:
 * "If the overall test file has errored ... we mark all remaining run blocks as skipped"), which in a merged file
 * are most of the stack's run blocks. So when a pass blames run blocks by an erroring assertion and others failed
 * only through their carrier, the file is assembled again without the blamed ones and run again; the blamed keep
 * their failure, the others get the outcome of the pass that evaluated them. Each further pass leaves out at least
 * one more run block, so this ends; with no erroring assertion (every green run) there is one pass.
 */
export async function guardedOutcomes(
  assemble: (without: ReadonlySet<string>) => AssembledTestFile,
  test: (
    file: AssembledTestFile,
    without: readonly string[],
  ) => Promise<{ readonly code: number; readonly output: string }>,
): Promise<{ outcomes: RunOutcome[]; passes: TestPass[] }> {
  const blamed = new Map<string, RunOutcome>();
  const passes: TestPass[] = [];
  for (;;) {
    const without = [...blamed.keys()];
    const file = assemble(new Set(without));
    const result = await test(file, without);
    passes.push({ file, result, without });
    const outcomes = runOutcomes(file, result.output);
    const culprits = outcomes.filter((outcome) => outcome.erroredAssertions > 0);
    const hidden = outcomes.some(
      (outcome) => !outcome.ok && outcome.failedAssertions === 0 && outcome.erroredAssertions === 0,
    );
    if (culprits.length === 0 || !hidden) {
      const latest = new Map(outcomes.map((outcome) => [runKey(outcome.run), outcome]));
      return {
        outcomes: passes[0].file.runs.map((run) => blamed.get(runKey(run)) ?? latest.get(runKey(run))!),
        passes,
      };
    }
    for (const culprit of culprits) blamed.set(runKey(culprit.run), culprit);
  }
}

/**
 * Why a `terraform test` that exited non-zero failed when none of its run blocks did (a garbled tag, a crash, an error
 * outside any run): the stack then counts as failed all the same. Undefined when a run block carries the failure.
 */
export function unblamedFailure(exitCode: number, outcomes: readonly RunOutcome[]): string | undefined {
  if (exitCode === 0 || outcomes.some((outcome) => !outcome.ok)) return undefined;
  return `terraform test exited ${exitCode} with every run block passing`;
}
