import { skipCause, skipReport, type SkippedStack } from '../../scripts/lib/terraform-harness';
import { clustersConfig, synthToDisk } from '../helpers/clusters';

/** What the offline plugin mirror holds: the AWS provider only. */
const AWS_ONLY = new Set(['registry.terraform.io/hashicorp/aws']);

describe('test:terraform with clusters on', () => {
  const { manifest, stack } = synthToDisk(clustersConfig());
  const skipped: SkippedStack[] = Object.keys(manifest.stacks).flatMap((name) => {
    const cause = skipCause(name, stack(name), AWS_ONLY);
    return cause ? [{ config: 'clusters', stack: name, cause }] : [];
  });

  it('skips exactly the cluster stacks, for the kubernetes provider', () => {
    expect(skipped.map((skip) => skip.stack)).toEqual(['cluster-eu-west-1', 'cluster-us-east-1', 'cluster-us-west-2']);
    for (const skip of skipped) expect(skip.cause).toEqual({ kind: 'provider', providers: ['kubernetes'] });
  });

  it('lists them as allowed skips under CI, with the reason', () => {
    const report = skipReport(skipped, true);
    expect(report.failures).toBe(0);
    for (const line of report.lines) {
      expect(line).toMatch(
        /^SKIPPED clusters cluster-[a-z]+-[a-z]+-\d: provider kubernetes not in the plugin mirror.*\(allowed: kubernetes provider not installable offline /,
      );
    }
  });
});
