import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REQUIRED_TERRAFORM_VERSION } from './stacks/base-stack';

/**
 * cdktf 0.21 renders the `terraform` block's plain attributes in HCL output by their index
 * (`0 = "required_version"`, hcl/render.js renderTerraform passes the key list where it means the
 * attributes), which Terraform rejects. Writes them as attributes. JSON output is correct and untouched.
 */
export function repairTerraformBlock(hcl: string): string {
  return hcl.replace(/^ {2}\d+ = "required_version"$/m, `  required_version = "${REQUIRED_TERRAFORM_VERSION}"`);
}

/** Applies the repair to every stack synthesized as HCL under `outdir`. */
export function repairHclStacks(outdir: string, stackDirectories: readonly string[]): void {
  for (const directory of stackDirectories) {
    const file = path.join(outdir, directory, 'cdk.tf');
    if (existsSync(file)) writeFileSync(file, repairTerraformBlock(readFileSync(file, 'utf8')));
  }
}
