import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { buildDeployment } from '../../src/stacks/deployment';
import type { ConfigInput } from '../../src/registry/schema';
import { configWith } from '../helpers/config';

/** The ingress rules and moved blocks of us-east-1's stack. */
function ingress(edit: (input: ConfigInput) => void) {
  const tf = buildDeployment(new App(), configWith(edit)).regions.get('us-east-1')!.toTerraform() as {
    resource: {
      aws_vpc_security_group_ingress_rule: Record<
        string,
        { cidr_ipv4?: string; referenced_security_group_id?: string }
      >;
    };
    moved?: { from: string; to: string }[];
  };
  const rules = Object.fromEntries(
    Object.entries(tf.resource.aws_vpc_security_group_ingress_rule).filter(([name]) => name.startsWith('database_')),
  );
  return { rules, moved: (tf.moved ?? []).filter((move) => move.to.includes('.database_')) };
}

describe('database and cache ingress rules are keyed by value, not list position', () => {
  it('keys each listed CIDR and security group by its value, and moves it from its position-keyed address', () => {
    const { rules, moved } = ingress((i) => {
      i.database = {
        ...i.database,
        appCidrs: ['10.1.0.0/16', '10.2.0.0/16'],
        appSecurityGroupIds: { 'us-east-1': ['sg-0123abcd'] },
      };
    });
    expect(Object.keys(rules).sort()).toEqual([
      'database_ingress_10_1_0_0_16',
      'database_ingress_10_2_0_0_16',
      'database_ingress_sg_0123abcd',
    ]);
    expect(rules.database_ingress_10_2_0_0_16.cidr_ipv4).toBe('10.2.0.0/16');
    expect(moved).toEqual(
      expect.arrayContaining([
        {
          from: 'aws_vpc_security_group_ingress_rule.database_ingress_cidr_0',
          to: 'aws_vpc_security_group_ingress_rule.database_ingress_10_1_0_0_16',
        },
        {
          from: 'aws_vpc_security_group_ingress_rule.database_ingress_cidr_1',
          to: 'aws_vpc_security_group_ingress_rule.database_ingress_10_2_0_0_16',
        },
        {
          from: 'aws_vpc_security_group_ingress_rule.database_ingress_sg_0',
          to: 'aws_vpc_security_group_ingress_rule.database_ingress_sg_0123abcd',
        },
      ]),
    );
  });

  it("leaves the other rules' addresses when one CIDR is removed", () => {
    const before = ingress((i) => {
      i.database = { ...i.database, appCidrs: ['10.1.0.0/16', '10.2.0.0/16'] };
    }).rules;
    const after = ingress((i) => {
      i.database = { ...i.database, appCidrs: ['10.2.0.0/16'] };
    }).rules;
    expect(after.database_ingress_10_2_0_0_16).toEqual(before.database_ingress_10_2_0_0_16);
    expect(Object.keys(after)).toEqual(['database_ingress_10_2_0_0_16']);
  });

  it('admits the VPC as `ingress_vpc` in every region when no CIDR is listed', () => {
    const { rules, moved } = ingress(() => undefined);
    expect(Object.keys(rules)).toEqual(['database_ingress_vpc']);
    expect(moved).toEqual([
      {
        from: 'aws_vpc_security_group_ingress_rule.database_ingress_cidr_0',
        to: 'aws_vpc_security_group_ingress_rule.database_ingress_vpc',
      },
    ]);
  });
});

describe('the moved blocks', () => {
  it('need no terraform binary at synthesis: a job that only synthesizes (for Terraform Cloud) has none', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'no-terraform-'));
    try {
      // A process of its own: cdktf's own resource moves add a `terraform version` check (a child process, which reads
      // the real PATH, not jest's copy of it) to every stack holding one.
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], {
        cwd: path.join(__dirname, '..', '..'),
        env: {
          ...process.env,
          PATH: path.join(outdir, 'no-bin'),
          CDKTF_OUTDIR: path.join(outdir, 'out'),
          INFRA_CONFIG: '',
        },
        encoding: 'utf8',
      });
      expect(result.stderr).not.toMatch(/terraform/i);
      expect(result.status).toBe(0);
      const stack = JSON.parse(
        readFileSync(path.join(outdir, 'out', 'stacks', 'region-us-east-1', 'cdk.tf.json'), 'utf8'),
      ) as { moved?: unknown[] };
      expect(stack.moved).toEqual(
        expect.arrayContaining([
          {
            from: 'aws_vpc_security_group_ingress_rule.database_ingress_cidr_0',
            to: 'aws_vpc_security_group_ingress_rule.database_ingress_vpc',
          },
        ]),
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
