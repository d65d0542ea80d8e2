type Json = Record<string, unknown>;

/** Where one input variable is read: `resource.<type>.<name>.<argument path>`, `output.<name>…`, `provider…`. */
export interface VariableUse {
  readonly variable: string;
  readonly at: string;
}

/** Every `var.<name>` reference in a synthesized stack, with the path of the argument that holds it. */
export function variableUses(stack: Json): VariableUse[] {
  const uses: VariableUse[] = [];
  const visit = (value: unknown, at: string): void => {
    if (typeof value === 'string') {
      for (const [, variable] of value.matchAll(/\bvar\.([A-Za-z0-9_]+)/g)) uses.push({ variable, at });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${at}[${index}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Json))
        if (key !== 'variable') visit(child, at === '' ? key : `${at}.${key}`);
    }
  };
  visit(stack, '');
  return uses;
}

/**
 * What breaks the rule "no secret in config, output or state" for a stack's value inputs (the variables holding a
 * secret, a SecureString or the master password): a variable that is not ephemeral, or a use anywhere but a write-only
 * argument (`*_wo`), where Terraform would keep the value in the plan or the state.
 */
export function secretInputLeaks(stack: Json, isSecretInput: (variable: string) => boolean): string[] {
  const variables = (stack.variable ?? {}) as Record<string, { ephemeral?: boolean; sensitive?: boolean }>;
  const notEphemeral = Object.entries(variables)
    .filter(([name, spec]) => isSecretInput(name) && spec.ephemeral !== true)
    .map(([name]) => `variable ${name} is not ephemeral`);
  const stored = variableUses(stack)
    .filter((use) => isSecretInput(use.variable) && !/_wo$/.test(use.at))
    .map((use) => `var.${use.variable} reaches ${use.at}`);
  return [...notEphemeral, ...stored];
}

/** The value inputs of this project: secrets, SecureStrings and the database's master password. */
export const isSecretInput = (variable: string): boolean =>
  /^(secret_.+_value|parameter_.+_value|database_master_password)$/.test(variable);
