import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TerraformStack } from 'cdktf';
import { REQUIRED_TERRAFORM_VERSION } from './stacks/base-stack';

/**
 * Repairs two ways cdktf 0.21's HCL output differs from what Terraform wants (JSON output is correct and
 * untouched):
 * - the `terraform` block's plain attributes come out by index (`0 = "required_version"`: hcl/render.js
 *   renderTerraform passes the key list where it means the attributes), which Terraform rejects;
 * - `provider` and the lists `depends_on`, `ignore_changes` and `replace_triggered_by` hold quoted
 *   references, which Terraform accepts with a deprecation warning each ("Quoted references are deprecated");
 * - `precondition` and `postcondition` come out as a list attribute, where Terraform wants one block each;
 * - a variable's falsy `default` (`""`) and `nullable = false` are dropped, so Terraform would prompt for an
 *   ephemeral variable that has a default (see {@link restoreVariableSettings}).
 */
export function repairHcl(hcl: string): string {
  return hcl
    .replace(/^ {2}\d+ = "required_version"$/m, `  required_version = "${REQUIRED_TERRAFORM_VERSION}"`)
    .replace(/^(\s*provider = )"(aws\.[\w]+)"$/gm, '$1$2')
    .replace(/^(\s*(?:depends_on|ignore_changes|replace_triggered_by) = \[\n)((?:\s*"[\w.-]+",\n)+)(\s*\])/gm,
      (_match, open: string, items: string, close: string) => open + items.replace(/"([\w.-]+)"/g, '$1') + close)
    .replace(/^(\s*)(precondition|postcondition) = \[\n((?:\{\n[\s\S]*?\n\},\n)+)\]$/gm,
      (_match, indent: string, kind: string, elements: string) => elements
        .split(/^\},\n/m)
        .filter((element) => element.trim() !== '')
        .map((element) => `${indent}${kind} {\n${element.replace(/^\{\n/, '')}${indent}}`)
        .join('\n'));
}

/** Writes back the `default` and `nullable` of each variable that the HCL output lost (they are in `variables`). */
export function restoreVariableSettings(hcl: string, variables: Readonly<Record<string, { default?: unknown; nullable?: boolean }>>): string {
  return Object.entries(variables).reduce((text, [name, variable]) => {
    const lines = [
      ...(variable.default !== undefined && !new RegExp(`variable "${name}" \\{[^}]*\\ndefault = `).test(text) ? [`default = ${JSON.stringify(variable.default)}`] : []),
      ...(variable.nullable === false && !new RegExp(`variable "${name}" \\{[^}]*\\nnullable = `).test(text) ? ['nullable = false'] : []),
    ];
    return lines.length === 0 ? text : text.replace(`variable "${name}" {\n`, `variable "${name}" {\n${lines.join('\n')}\n`);
  }, hcl);
}

/** Applies the repairs to every stack of the app that was synthesized as HCL under `outdir`. */
export function repairHclStacks(outdir: string, stacks: readonly TerraformStack[]): void {
  for (const stack of stacks) {
    const file = path.join(outdir, 'stacks', stack.node.id, 'cdk.tf');
    if (!existsSync(file)) continue;
    const variables = (stack.toTerraform() as { variable?: Record<string, { default?: unknown; nullable?: boolean }> }).variable ?? {};
    writeFileSync(file, restoreVariableSettings(repairHcl(readFileSync(file, 'utf8')), variables));
  }
}
