import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REQUIRED_TERRAFORM_VERSION } from './stacks/base-stack';

/**
 * Repairs two ways cdktf 0.21's HCL output differs from what Terraform wants (JSON output is correct and
 * untouched):
 * - the `terraform` block's plain attributes come out by index (`0 = "required_version"`: hcl/render.js
 *   renderTerraform passes the key list where it means the attributes), which Terraform rejects;
 * - `provider` and the lists `depends_on`, `ignore_changes` and `replace_triggered_by` hold quoted
 *   references, which Terraform accepts with a deprecation warning each ("Quoted references are deprecated");
 * - `precondition` and `postcondition` come out as a list attribute, where Terraform wants one block each.
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

/** Applies the repair to every stack synthesized as HCL under `outdir`. */
export function repairHclStacks(outdir: string, stackDirectories: readonly string[]): void {
  for (const directory of stackDirectories) {
    const file = path.join(outdir, directory, 'cdk.tf');
    if (existsSync(file)) writeFileSync(file, repairHcl(readFileSync(file, 'utf8')));
  }
}
