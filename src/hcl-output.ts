import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TerraformStack } from 'cdktf';
import { REQUIRED_TERRAFORM_VERSION } from './stacks/base-stack';

/**
 * Repairs where cdktf 0.21's HCL output differs from what Terraform wants (JSON output is correct and
 * untouched):
 * - the `terraform` block's plain attributes come out by index (`0 = "required_version"`: hcl/render.js
 *   renderTerraform passes the key list where it means the attributes), which Terraform rejects;
 * - `provider` and the lists `depends_on`, `ignore_changes` and `replace_triggered_by` hold quoted
 *   references, which Terraform accepts with a deprecation warning each ("Quoted references are deprecated");
 * - `precondition` and `postcondition` come out as a list attribute, where Terraform wants one block each;
 * - a variable's falsy `default` (`""`) and `nullable = false` are dropped, so Terraform would prompt for an
 *   ephemeral variable that has a default (see {@link restoreVariableSettings});
 * - a list of objects inside a map-typed attribute (`kubernetes_manifest.manifest`: `spec.secretObjects`) comes out
 *   as an object keyed `0`, `1`, ... (see {@link indexedObjectsToLists}).
 */
export function repairHcl(hcl: string): string {
  return indexedObjectsToLists(hcl)
    .replace(/^ {2}\d+ = "required_version"$/m, `  required_version = "${REQUIRED_TERRAFORM_VERSION}"`)
    .replace(/^(\s*provider = )"(aws\.[\w]+)"$/gm, '$1$2')
    .replace(
      /^(\s*(?:depends_on|ignore_changes|replace_triggered_by) = \[\n)((?:\s*"[\w.-]+",\n)+)(\s*\])/gm,
      (_match, open: string, items: string, close: string) => open + items.replace(/"([\w.-]+)"/g, '$1') + close,
    )
    .replace(
      /^(\s*)(precondition|postcondition) = \[\n((?:\{\n[\s\S]*?\n\},\n)+)\]$/gm,
      (_match, indent: string, kind: string, elements: string) =>
        elements
          .split(/^\},\n/m)
          .filter((element) => element.trim() !== '')
          .map((element) => `${indent}${kind} {\n${element.replace(/^\{\n/, '')}${indent}}`)
          .join('\n'),
    );
}

/** `{` minus `}` on a line, outside string literals. */
function braceDepthChange(line: string): number {
  const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
}

/**
 * Rewrites `name = {` followed by the members `0 = {...}`, `1 = {...}`, ... (and nothing else) into the list
 * `name = [{...}, {...}]` it stands for: cdktf renders a list of objects nested in a map attribute that way
 * (hcl/render.js renderMapValue -> renderListValue), which would turn a list into an object with keys "0", "1"...
 */
export function indexedObjectsToLists(hcl: string): string {
  const lines = hcl.split('\n');
  for (let start = 0; start < lines.length - 1; start++) {
    if (!/ = \{$/.test(lines[start]) || lines[start + 1] !== '0 = {') continue;
    // The members of the object opened at `start`: their first lines and the line closing the object.
    const members: number[] = [];
    let depth = 1;
    let end = start + 1;
    for (; end < lines.length; end++) {
      if (depth === 1 && lines[end] !== '}') members.push(end);
      depth += braceDepthChange(lines[end]);
      if (depth === 0) break;
    }
    if (depth !== 0 || !members.every((line, index) => lines[line] === `${index} = {`)) continue;
    lines[start] = lines[start].replace(/\{$/, '[');
    for (const line of members) lines[line] = '{';
    // Each member closes on the line before the next member starts, the last one just before the object's close.
    for (const close of [...members.slice(1).map((line) => line - 1), end - 1]) lines[close] = `${lines[close]},`;
    lines[end] = ']';
  }
  return lines.join('\n');
}

/** Writes back the `default` and `nullable` of each variable that the HCL output lost (they are in `variables`). */
export function restoreVariableSettings(
  hcl: string,
  variables: Readonly<Record<string, { default?: unknown; nullable?: boolean }>>,
): string {
  return Object.entries(variables).reduce((text, [name, variable]) => {
    const lines = [
      ...(variable.default !== undefined && !new RegExp(`variable "${name}" \\{[^}]*\\ndefault = `).test(text)
        ? [`default = ${JSON.stringify(variable.default)}`]
        : []),
      ...(variable.nullable === false && !new RegExp(`variable "${name}" \\{[^}]*\\nnullable = `).test(text)
        ? ['nullable = false']
        : []),
    ];
    return lines.length === 0
      ? text
      : text.replace(`variable "${name}" {\n`, `variable "${name}" {\n${lines.join('\n')}\n`);
  }, hcl);
}

/** Applies the repairs to every stack of the app that was synthesized as HCL under `outdir`. */
export function repairHclStacks(outdir: string, stacks: readonly TerraformStack[]): void {
  for (const stack of stacks) {
    const file = path.join(outdir, 'stacks', stack.node.id, 'cdk.tf');
    if (!existsSync(file)) continue;
    const variables =
      (stack.toTerraform() as { variable?: Record<string, { default?: unknown; nullable?: boolean }> }).variable ?? {};
    writeFileSync(file, restoreVariableSettings(repairHcl(readFileSync(file, 'utf8')), variables));
  }
}
