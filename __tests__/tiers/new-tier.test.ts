import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../src/config/load';
import { configReference } from '../../src/config/reference';
import { deploymentRunbook } from '../../src/operations/runbook';
import { buildTopology } from '../../src/operations/topology';
import { synthesize } from '../../src/synth';
import { configWith } from '../helpers/config';

// The one line a new tier needs: its entry in the registry. Nothing else of src is edited.
jest.mock('../../src/registry/tiers', () => {
  const actual = jest.requireActual('../../src/registry/tiers');
  const { widgetsTier } = jest.requireActual('../fixtures/widgets/tier');
  const TIERS = [...actual.TIERS, widgetsTier];
  return { TIERS, REGISTERED: TIERS };
});

describe('a new tier from one folder and one registry line', () => {
  const config = configWith((input) => {
    (input as Record<string, unknown>).widgets = { size: 3 };
  });

  it('gets its config section, defaults, validation and reference', () => {
    expect((config as unknown as { widgets: { size: number } }).widgets).toEqual({ size: 3 });
    expect(() =>
      configWith((input) => {
        (input as Record<string, unknown>).widgets = { size: 9 };
      }),
    ).toThrow(/widgets\.size/);
    expect(() => parseConfig({ ...config, widgets: { size: 2 }, secondaryRegions: [] })).toThrow(
      'widgets.size: 2 needs a secondary region; allowed: 1 with one region',
    );
    expect(configReference()).toContain('| `widgets.size` |');
  });

  it('synthesizes into every regional stack, held to the security baseline, with its runbook written', () => {
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'widgets-')), 'cdktf.out');
    synthesize(config, outdir);
    for (const region of config.allRegions) {
      const stack = JSON.parse(readFileSync(path.join(outdir, 'stacks', `region-${region}`, 'cdk.tf.json'), 'utf8'));
      expect(stack.resource.aws_ssm_parameter.widgets_size).toMatchObject({
        name: `/shop-prod/widgets/${region}`,
        value: '3',
      });
    }
    const document = readFileSync(path.join(outdir, 'runbooks', 'widgets.md'), 'utf8');
    expect(document).toContain('widgets:\n  size: 3   # unchanged: widgets follow no primary');
    expect(document).toContain('primaryRegion: us-west-2');
  }, 120_000);

  it('joins the deployment runbook and the topology', () => {
    const runbook = deploymentRunbook(config, 'us-west-2');
    expect(runbook).toContain('| widgets | parameters `/shop-prod/widgets/<region>` (3 each) |');
    expect(runbook).toContain('| widgets | config parity | 0 | none | fixture |');
    expect(runbook).toMatch(/### \d+\. Widgets: nothing to move/);
    expect(runbook).toContain('`runbooks/widgets.md`');
    const topology = buildTopology(config);
    expect(
      topology.components.filter((component) => component.tier === 'widgets').map((component) => component.region),
    ).toEqual(config.allRegions);
    expect(topology.links.filter((link) => link.mechanism === 'widget-parity')).toHaveLength(3);
  });
});
