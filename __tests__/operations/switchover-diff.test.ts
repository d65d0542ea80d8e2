import { deploymentRunbook } from '../../src/operations/runbook';
import { switchedConfig, switchoverChanges } from '../../src/operations/switchover-diff';
import { configWith } from '../helpers/config';

const instances = (addresses: readonly string[]) =>
  addresses.filter((address) => address.startsWith('aws_rds_cluster_instance.'));

describe('what a switchover really adds and removes', () => {
  // 3 instances in the primary, 1 in each secondary: moving the primary moves 2 readers.
  const asymmetric = configWith((i) => {
    i.database = { mode: 'aurora-global', primaryInstances: 3, secondaryInstances: 1 };
  });

  it('switches the config as the runbook says: the target becomes the primary, the old primary a secondary', () => {
    const after = switchedConfig(asymmetric, 'us-west-2');
    expect(after.primaryRegion).toBe('us-west-2');
    expect(after.allRegions).toEqual(['us-west-2', 'us-east-1', 'eu-west-1']);
    expect(after.globalRegion).toBe('us-east-1');
  });

  it('destroys the readers beyond secondaryInstances in the old primary and creates them in the new one', () => {
    const changes = switchoverChanges(asymmetric, 'us-west-2');
    const of = (stack: string) => changes.find((change) => change.stack === stack);
    expect(instances(of('region-us-east-1')!.removed)).toHaveLength(2);
    expect(instances(of('region-us-east-1')!.added)).toEqual([]);
    expect(instances(of('region-us-west-2')!.added)).toHaveLength(2);
    expect(instances(of('region-us-west-2')!.removed)).toEqual([]);
    expect(of('region-eu-west-1')).toBeUndefined();
  });

  it('lists them in the runbook instead of promising nothing is replaced', () => {
    const runbook = deploymentRunbook(asymmetric, 'us-west-2');
    expect(runbook).not.toContain('nothing replaced');
    const planned = runbook.slice(runbook.indexOf('## Planned switchover'), runbook.indexOf('## Unplanned failover'));
    const block = (stack: string) => planned.split(`- \`${stack}\`: `)[1]?.split(/\n- /)[0] ?? '';
    expect(block('region-us-east-1').match(/ {2}- `- aws_rds_cluster_instance\.\S+`/g)).toHaveLength(2);
    expect(block('region-us-west-2').match(/ {2}- `\+ aws_rds_cluster_instance\.\S+`/g)).toHaveLength(2);
    expect(block('region-eu-west-1')).toBe('');
  });

  it('finds no Aurora instance moving when both counts are equal', () => {
    const symmetric = configWith((i) => {
      i.database = { mode: 'aurora-global', primaryInstances: 2, secondaryInstances: 2 };
    });
    expect(
      switchoverChanges(symmetric, 'us-west-2').flatMap((change) => instances([...change.added, ...change.removed])),
    ).toEqual([]);
  });
});
