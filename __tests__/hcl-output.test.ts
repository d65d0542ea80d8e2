import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesize } from '../src/synth';
import { repairTerraformBlock } from '../src/hcl-output';
import { configWith } from './helpers/config';

describe('HCL output', () => {
  it('writes required_version as an attribute where cdktf writes its index', () => {
    expect(repairTerraformBlock('terraform {\n  0 = "required_version"\n}\n')).toBe('terraform {\n  required_version = ">= 1.11.0"\n}\n');
  });

  it('declares Terraform >= 1.11 in every stack synthesized as HCL', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'hcl-')), 'cdktf.out');
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      synthesize(configWith(), outdir);
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
    const stacks = readdirSync(path.join(outdir, 'stacks'));
    expect(stacks).toHaveLength(6);
    for (const stack of stacks) {
      const hcl = readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf'), 'utf8');
      expect(hcl).toContain('  required_version = ">= 1.11.0"\n');
      expect(hcl).not.toMatch(/^ {2}\d+ = /m);
    }
  });
});
