import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesize } from '../src/synth';
import { repairHcl, restoreVariableSettings } from '../src/hcl-output';
import { configWith } from './helpers/config';

describe('HCL output', () => {
  it('writes required_version as an attribute where cdktf writes its index', () => {
    expect(repairHcl('terraform {\n  0 = "required_version"\n}\n')).toBe(
      'terraform {\n  required_version = ">= 1.11.0"\n}\n',
    );
  });

  it('writes back the empty default and nullable = false that the HCL output drops', () => {
    const hcl = 'variable "secret" {\ntype = string\nephemeral = true\n}\nvariable "other" {\ntype = string\n}\n';
    expect(restoreVariableSettings(hcl, { secret: { default: '', nullable: false }, other: {} })).toBe(
      'variable "secret" {\ndefault = ""\nnullable = false\ntype = string\nephemeral = true\n}\nvariable "other" {\ntype = string\n}\n',
    );
  });

  it('writes each postcondition as a block', () => {
    const hcl =
      'lifecycle {\n  postcondition = [\n{\ncondition = "${length(self.names) >= 3}"\nerror_message = "few"\n},\n{\ncondition = "${true}"\nerror_message = "x"\n},\n]\n}\n';
    expect(repairHcl(hcl)).toBe(
      'lifecycle {\n  postcondition {\ncondition = "${length(self.names) >= 3}"\nerror_message = "few"\n  }\n  postcondition {\ncondition = "${true}"\nerror_message = "x"\n  }\n}\n',
    );
  });

  it('unquotes provider references and those of depends_on and ignore_changes, and no other string', () => {
    const hcl =
      'depends_on = [\n"aws_s3_bucket.state_bucket_us-east-1_bucket",\n]\n  ignore_changes = [\n"engine_version",\n]\ntags = [\n"keep",\n]\n';
    expect(repairHcl('resource "x" "y" {\nprovider = "aws.us_east_1"\nname = "aws.us_east_1"\n}\n')).toBe(
      'resource "x" "y" {\nprovider = aws.us_east_1\nname = "aws.us_east_1"\n}\n',
    );
    expect(repairHcl(hcl)).toBe(
      'depends_on = [\naws_s3_bucket.state_bucket_us-east-1_bucket,\n]\n  ignore_changes = [\nengine_version,\n]\ntags = [\n"keep",\n]\n',
    );
  });

  it('writes a list of objects nested in a map attribute as a list, not an object keyed 0, 1', () => {
    const hcl =
      'manifest = {\nspec = {\nobjects = "[{\\"a\\":1}]"\nsecretObjects = {\n0 = {\nsecretName = "a"\ndata = [\n{\nkey = "}"\n},\n]\n}\n1 = {\nsecretName = "b"\n}\n}\n}\n}';
    expect(repairHcl(hcl)).toBe(
      'manifest = {\nspec = {\nobjects = "[{\\"a\\":1}]"\nsecretObjects = [\n{\nsecretName = "a"\ndata = [\n{\nkey = "}"\n},\n]\n},\n{\nsecretName = "b"\n},\n]\n}\n}',
    );
    const map = 'tags = {\n0 = {\na = 1\n}\nother = {\nb = 2\n}\n}';
    expect(repairHcl(map)).toBe(map);
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
    expect(stacks).toHaveLength(9);
    for (const stack of stacks) {
      const hcl = readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf'), 'utf8');
      expect(hcl).toContain('  required_version = ">= 1.11.0"\n');
      expect(hcl).not.toMatch(/^ {2}\d+ = /m);
      expect(hcl).not.toMatch(/(depends_on|ignore_changes) = \[\n\s*"/);
      expect(hcl).not.toMatch(/postcondition = \[/);
      expect(hcl).not.toMatch(/provider = "[a-z]+\./);
    }
    // The ephemeral password keeps its empty default: a plan of the HCL output does not prompt for it.
    expect(readFileSync(path.join(outdir, 'stacks', 'global', 'cdk.tf'), 'utf8')).toMatch(
      /variable "database_master_password" \{\ndefault = ""\nnullable = false\n/,
    );
  });
});
