import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run as runCommand } from '../../scripts/lib/process';
import {
  MERGED_RUN,
  assembleTestFile,
  fileSegments,
  guardedOutcomes,
  parseHclBody,
  runOutcomes,
  unblamedFailure,
  type HclBlock,
  type TopicFile,
} from '../../scripts/lib/tftest-merge';

const NETWORK: TopicFile = {
  source: 'regional/network.tftest.hcl',
  text: `# requires: aws_vpc.network_vpc
variables {
  database_master_password = ""
}

run "plan_checks" {
  command = plan

  assert {
    condition     = aws_vpc.network_vpc.enable_dns_support && length([for s in ["a", "b"] : "\${s}}"]) == 2 # a comment } with a brace
    error_message = "The VPC needs DNS support."
  }

  assert {
    condition = alltrue([
      for subnet in [aws_subnet.a, aws_subnet.b] : subnet.map_public_ip_on_launch == false
    ])
    error_message = "No public IPs on \\"private\\" subnets."
  }
}

run "after_apply" {
  command = apply

  assert {
    condition     = aws_subnet.a.vpc_id == aws_vpc.network_vpc.id
    error_message = format("Subnet a must be in %s.", "the VPC")
  }
}
`,
};

const STORAGE: TopicFile = {
  source: 'regional/storage.tftest.hcl',
  text: `variables {
  database_master_password = ""
}

override_data {
  target = data.aws_kms_key.kms_key
  values = { arn = "arn:aws:kms:us-east-1:123456789012:key/x" }
}

run "bucket" {
  assert {
    condition     = aws_s3_bucket.b.bucket != null
    error_message = "A bucket."
  }
}

run "expects_failure" {
  command = plan
  variables {
    retention = 1
  }
  expect_failures = [var.retention]
  assert {
    condition     = true
    error_message = "Kept separate."
  }
}
`,
};

describe('parseHclBody', () => {
  it('reads attributes, blocks with labels, nested brackets, strings with braces and comments', () => {
    const items = parseHclBody(NETWORK.text);
    expect(
      items.map((item) => (item.kind === 'block' ? `${item.type} ${item.labels.join(' ')}`.trim() : item.name)),
    ).toEqual(['variables', 'run plan_checks', 'run after_apply']);
    const run = items[1];
    if (run.kind !== 'block') throw new Error('not a block');
    const body = parseHclBody(run.body);
    expect(body.map((item) => (item.kind === 'block' ? item.type : `${item.name} = ${item.expression}`))).toEqual([
      'command = plan',
      'assert',
      'assert',
    ]);
  });

  it('rejects unbalanced text with the line', () => {
    expect(() => parseHclBody('run "x" {\n  assert {\n')).toThrow(/unbalanced brackets \(line 1\)/);
    expect(() => parseHclBody('run "x" {\n  command = "plan\n}\n')).toThrow(/unterminated string \(line 2\)/);
  });

  it('skips heredocs', () => {
    const items = parseHclBody('variables {\n  policy = <<EOT\n{ "not": "a block" }\nEOT\n}\n');
    expect(items).toHaveLength(1);
    const body = parseHclBody((items[0] as { body: string }).body);
    expect(body).toEqual([expect.objectContaining({ kind: 'attribute', name: 'policy' })]);
  });
});

describe('assembleTestFile', () => {
  const assembled = assembleTestFile([NETWORK, STORAGE], 'mock_provider "aws" {}\n');

  it('carries every plain plan and apply run in one plan run; runs with more than asserts stay separate', () => {
    expect(assembled.assembledRuns).toEqual([MERGED_RUN, 'regional_storage__expects_failure']);
    expect(assembled.runs.map((run) => [run.source, run.run, run.command, run.assertions, run.carriedBy])).toEqual([
      ['regional/network.tftest.hcl', 'plan_checks', 'plan', 2, MERGED_RUN],
      ['regional/network.tftest.hcl', 'after_apply', 'apply', 1, MERGED_RUN],
      ['regional/storage.tftest.hcl', 'bucket', 'apply', 1, MERGED_RUN],
      ['regional/storage.tftest.hcl', 'expects_failure', 'plan', 1, 'regional_storage__expects_failure'],
    ]);
    expect(assembled.text).toContain(`run "${MERGED_RUN}" {\n  command = plan\n`);
    expect(assembled.text).not.toContain('command = apply');
  });

  it('prefixes each error_message with its file, run and assertion number, literal or not', () => {
    expect(assembled.text).toContain(
      'error_message = "[regional/network.tftest.hcl:plan_checks#1] The VPC needs DNS support."',
    );
    expect(assembled.text).toContain(
      'error_message = "[regional/network.tftest.hcl:plan_checks#2] No public IPs on \\"private\\" subnets."',
    );
    expect(assembled.text).toContain(
      'error_message = "[regional/network.tftest.hcl:after_apply#1] ${format("Subnet a must be in %s.", "the VPC")}"',
    );
    expect(assembled.text).toContain(
      'error_message = "[regional/storage.tftest.hcl:expects_failure#1] Kept separate."',
    );
    expect(assembled.text).toContain('expect_failures = [var.retention]');
  });

  it('keeps one copy of equal file-level variables and overrides, and produces parseable HCL', () => {
    expect(assembled.text.match(/database_master_password/g)).toHaveLength(1);
    expect(assembled.text.match(/override_data/g)).toHaveLength(1);
    const top = parseHclBody(assembled.text).map((item) =>
      item.kind === 'block' ? `${item.type} ${item.labels.join(' ')}`.trim() : item.name,
    );
    expect(top).toEqual([
      'mock_provider aws',
      'variables',
      'override_data',
      `run ${MERGED_RUN}`,
      'run regional_storage__expects_failure',
    ]);
  });

  it('refuses files that set a variable or an override target differently', () => {
    const other = { source: 'regional/other.tftest.hcl', text: 'variables {\n  database_master_password = "x"\n}\n' };
    expect(() => assembleTestFile([NETWORK, other])).toThrow(
      'regional/other.tftest.hcl and regional/network.tftest.hcl set variable database_master_password differently',
    );
    const override = {
      source: 'regional/kms.tftest.hcl',
      text: 'override_data {\n  target = data.aws_kms_key.kms_key\n  values = { arn = "y" }\n}\n',
    };
    expect(() => assembleTestFile([STORAGE, override])).toThrow('override data.aws_kms_key.kms_key differently');
  });

  it('refuses provider blocks and asserts with other attributes', () => {
    expect(() => assembleTestFile([{ source: 'a.tftest.hcl', text: 'provider "aws" {}\n' }])).toThrow(
      'provider blocks are not supported',
    );
    expect(() =>
      assembleTestFile([{ source: 'a.tftest.hcl', text: 'run "x" {\n  assert {\n    condition = true\n  }\n}\n' }]),
    ).toThrow('a.tftest.hcl run x: an assert needs exactly condition and error_message');
  });

  it('assembles the real terraform-tests of every kind, as the configs select them', () => {
    const root = path.join(__dirname, '..', '..', 'terraform-tests');
    // The two replication files override the same keys for different configs: no stack selects both.
    const groups: Array<[string, (name: string) => boolean]> = [
      ['bootstrap', () => true],
      ['global', () => true],
      ['regional', () => true],
      ['edge', (name) => name !== 'storage-replication-bidirectional.tftest.hcl'],
      ['edge', (name) => name !== 'storage-replication-primary.tftest.hcl'],
    ];
    for (const [kind, selected] of groups) {
      const files = readdirSync(path.join(root, kind))
        .filter((name) => name.endsWith('.tftest.hcl') && selected(name))
        .map((name) => ({ source: `${kind}/${name}`, text: readFileSync(path.join(root, kind, name), 'utf8') }));
      const file = assembleTestFile(files);
      const asserts = files.reduce((sum, source) => sum + (source.text.match(/^\s*assert\s*\{/gm) ?? []).length, 0);
      expect(file.runs.reduce((sum, run) => sum + run.assertions, 0)).toBe(asserts);
      // One plan run, plus each run that must stay apart (expect_failures, overrides, variables).
      const apart = files.reduce(
        (sum, source) =>
          sum +
          source.text
            .split(/^run "/m)
            .slice(1)
            .filter((run) => /^\s*(expect_failures|override_data|override_resource|variables)\b/m.test(run)).length,
        0,
      );
      expect(file.assembledRuns.length).toBeLessThanOrEqual(1 + apart);
    }
  });
});

describe('assembleTestFile with a module', () => {
  it('points every run at the stack directory, so one terraform test can carry several stacks', () => {
    const file = assembleTestFile([NETWORK, STORAGE], '', new Set(), '../stacks/region-us-east-1');
    const runs = parseHclBody(file.text).filter(
      (item): item is HclBlock => item.kind === 'block' && item.type === 'run',
    );
    expect(runs.map((run) => run.labels[0])).toEqual([MERGED_RUN, 'regional_storage__expects_failure']);
    for (const run of runs)
      expect(parseHclBody(run.body)[0]).toEqual(
        expect.objectContaining({
          kind: 'block',
          type: 'module',
          body: '\n    source = "../stacks/region-us-east-1"\n  ',
        }),
      );
    // The assertions are still placed by their lines in the text with the module blocks.
    expect(file.text.split('\n')[file.assertionLines[0].firstLine - 1]).toBe('  assert {');
  });

  it('refuses a run that tests a module of its own', () => {
    const own = { source: 'regional/own.tftest.hcl', text: 'run "x" {\n  module {\n    source = "./m"\n  }\n}\n' };
    expect(() => assembleTestFile([own], '', new Set(), '../stacks/a')).toThrow(
      'regional/own.tftest.hcl run x tests a module of its own',
    );
  });
});

describe('fileSegments', () => {
  it("splits one terraform test's output by test file, each with its diagnostics and closing status", () => {
    const output = [
      'Warning: Backend configuration ignored',
      'tests/bootstrap.tftest.hcl... in progress',
      '  run "assertions"... fail',
      'Error: Test assertion failed',
      '  on tests/bootstrap.tftest.hcl line 115, in run "assertions":',
      'tests/bootstrap.tftest.hcl... tearing down',
      'tests/bootstrap.tftest.hcl... fail',
      'tests/region-us-east-1.tftest.hcl... in progress',
      '  run "assertions"... pass',
      'tests/region-us-east-1.tftest.hcl... tearing down',
      'tests/region-us-east-1.tftest.hcl... pass',
      'tests/edge.tftest.hcl... in progress',
      '',
      'Failure! 2 passed, 1 failed.',
    ].join('\n');
    const segments = fileSegments(output);
    expect([...segments].map(([name, segment]) => [name, segment.status])).toEqual([
      ['tests/bootstrap.tftest.hcl', 'fail'],
      ['tests/region-us-east-1.tftest.hcl', 'pass'],
      ['tests/edge.tftest.hcl', undefined],
    ]);
    expect(segments.get('tests/bootstrap.tftest.hcl')!.text).toContain('line 115');
    expect(segments.get('tests/region-us-east-1.tftest.hcl')!.text).not.toContain('Error');
  });
});

describe('runOutcomes', () => {
  const assembled = assembleTestFile([NETWORK, STORAGE]);
  const runs = (merged: string, separate: string): string =>
    `tests/stack.tftest.hcl... in progress\n  run "${MERGED_RUN}"... ${merged}\n  run "regional_storage__expects_failure"... ${separate}\ntests/stack.tftest.hcl... tearing down\n`;
  const assertionFailure = (run: string, tag: string) =>
    `\nError: Test assertion failed\n\n  on tests/stack.tftest.hcl line 12, in run "${run}":\n  12:     condition = false\n\n${tag} The VPC needs\nDNS support.\n`;

  it('passes every run block when every carrier passed', () => {
    expect(runOutcomes(assembled, runs('pass', 'pass')).every((outcome) => outcome.ok)).toBe(true);
  });

  it('fails only the run block whose assertion failed, wherever Terraform prints the diagnostic', () => {
    const output =
      runs('fail', 'pass') +
      '\nFailure! 1 passed, 1 failed.\n' +
      assertionFailure(MERGED_RUN, '[regional/network.tftest.hcl:plan_checks#1]');
    const outcomes = runOutcomes(assembled, output);
    expect(outcomes.map((outcome) => [outcome.run.run, outcome.ok, outcome.failedAssertions])).toEqual([
      ['plan_checks', false, 1],
      ['after_apply', true, 0],
      ['bucket', true, 0],
      ['expects_failure', true, 0],
    ]);
  });

  it('fails every run block of a carrier that errored or was skipped, and of a missing carrier', () => {
    const errored =
      runs('fail', 'skip') +
      '\nError: Reference to undeclared resource\n\n  on tests/stack.tftest.hcl line 80, in run "assertions":\n';
    const outcomes = runOutcomes(assembled, errored);
    expect(outcomes.map((outcome) => [outcome.run.run, outcome.ok, outcome.note])).toEqual([
      ['plan_checks', false, 'run assertions errored: Reference to undeclared resource'],
      ['after_apply', false, 'run assertions errored: Reference to undeclared resource'],
      ['bucket', false, 'run assertions errored: Reference to undeclared resource'],
      ['expects_failure', false, 'run regional_storage__expects_failure was skipped after an earlier failure'],
    ]);
    expect(runOutcomes(assembled, 'Error: Failed to load plugin schemas\n').every((outcome) => !outcome.ok)).toBe(true);
  });
});

describe('runOutcomes and guardedOutcomes: one erroring assertion in a merged run', () => {
  // A real `terraform test` on terraform_data (built into Terraform: no provider, no mirror), under a second.
  const work = mkdtempSync(path.join(os.tmpdir(), 'tftest-guard-'));
  const env = { ...process.env, TF_CLI_CONFIG_FILE: path.join(work, 'terraform.rc'), CHECKPOINT_DISABLE: '1' };
  const module = path.join(work, 'module');
  const FILES: TopicFile[] = [
    {
      source: 'regional/inputs.tftest.hcl',
      text: `run "input_known" {
  command = plan
  assert {
    condition     = terraform_data.a.input == "x"
    error_message = "a takes x."
  }
}

run "kept_apart" {
  command = plan
  plan_options {
    refresh = false
  }
  assert {
    condition     = terraform_data.a.input == "x"
    error_message = "a takes x in a run of its own."
  }
}
`,
    },
    {
      source: 'regional/planted.tftest.hcl',
      text: `run "id_in_plan" {
  command = plan
  assert {
    # Planted fault: terraform_data's id is known only after apply, so this condition is unknown in a plan run.
    condition     = terraform_data.a.id != ""
    error_message = "a has an id."
  }
}

run "wrong_input" {
  command = plan
  assert {
    condition     = terraform_data.b.input == "z"
    error_message = "b takes z."
  }
}

run "b_apart" {
  command = plan
  plan_options {
    refresh = false
  }
  assert {
    condition     = terraform_data.b.input == "y"
    error_message = "b takes y in a run of its own."
  }
}
`,
    },
  ];
  const assemble = (without: ReadonlySet<string>) => assembleTestFile(FILES, '', without);
  const terraformTest = async (file: { text: string }) => {
    writeFileSync(path.join(module, 'tests', 'stack.tftest.hcl'), file.text);
    return runCommand('terraform', ['test', '-no-color'], { cwd: module, env });
  };

  beforeAll(async () => {
    mkdirSync(path.join(module, 'tests'), { recursive: true });
    writeFileSync(env.TF_CLI_CONFIG_FILE, '');
    writeFileSync(
      path.join(module, 'main.tf'),
      'resource "terraform_data" "a" {\n  input = "x"\n}\n\nresource "terraform_data" "b" {\n  input = "y"\n}\n',
    );
    const init = await runCommand('terraform', ['init', '-no-color', '-input=false'], { cwd: module, env });
    expect(init.output).toContain('initialized');
  }, 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("places an erroring assertion by its line: only its run block fails, the merged run's others keep their own outcome", async () => {
    const file = assemble(new Set());
    const { output } = await terraformTest(file);
    expect(output).toContain('Error: Unknown condition value');
    const outcomes = runOutcomes(file, output);
    expect(
      outcomes.map((outcome) => [outcome.run.run, outcome.ok, outcome.erroredAssertions, outcome.failedAssertions]),
    ).toEqual([
      ['input_known', true, 0, 0],
      ['kept_apart', false, 0, 0], // its own run comes after the merged one, and was skipped after the error
      ['id_in_plan', false, 1, 0],
      ['wrong_input', false, 0, 1],
      ['b_apart', false, 0, 0],
    ]);
    expect(outcomes[2].note).toMatch(
      /^assertion #1 errored: Unknown condition value \(line \d+ of the assembled file\)$/,
    );
  }, 60_000);

  it('runs the stack again without the culprit, so every other run block is counted and the culprit is named', async () => {
    const { outcomes, passes } = await guardedOutcomes(assemble, terraformTest);
    expect(passes.map((pass) => pass.without)).toEqual([[], ['regional/planted.tftest.hcl:id_in_plan']]);
    expect(outcomes.map((outcome) => [`${outcome.run.source}:${outcome.run.run}`, outcome.ok])).toEqual([
      ['regional/inputs.tftest.hcl:input_known', true],
      ['regional/inputs.tftest.hcl:kept_apart', true],
      ['regional/planted.tftest.hcl:id_in_plan', false],
      ['regional/planted.tftest.hcl:wrong_input', false],
      ['regional/planted.tftest.hcl:b_apart', true],
    ]);
    expect(outcomes[2].note).toContain('Unknown condition value');
    expect(outcomes[3].failedAssertions).toBe(1);
  }, 60_000);

  it('runs a green stack once', async () => {
    const { outcomes, passes } = await guardedOutcomes(
      (without) => assembleTestFile([FILES[0]], '', without),
      terraformTest,
    );
    expect(passes).toHaveLength(1);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
  }, 60_000);
});

describe('unblamedFailure', () => {
  const run = { source: 'regional/a.tftest.hcl', run: 'a', carriedBy: MERGED_RUN, assertions: 1 } as never;

  it('fails a stack whose terraform test exited non-zero with every run block passing', () => {
    expect(unblamedFailure(1, [{ run, ok: true, failedAssertions: 0, erroredAssertions: 0 }])).toBe(
      'terraform test exited 1 with every run block passing',
    );
    expect(unblamedFailure(1, [])).toBe('terraform test exited 1 with every run block passing');
  });

  it('leaves the failure to the run blocks that carry it, and a clean exit alone', () => {
    expect(unblamedFailure(1, [{ run, ok: false, failedAssertions: 1, erroredAssertions: 0 }])).toBeUndefined();
    expect(unblamedFailure(0, [{ run, ok: true, failedAssertions: 0, erroredAssertions: 0 }])).toBeUndefined();
  });
});
