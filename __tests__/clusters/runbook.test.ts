import { clustersRunbook } from '../../src/clusters/runbook';
import { clustersTier } from '../../src/clusters/tier';
import { configWith } from '../helpers/config';

describe('clusters runbook', () => {
  it("gives kubeconfig commands for every region's cluster, and the service-linked role to create first", () => {
    const runbook = clustersRunbook(configWith());
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(runbook).toContain(
        `aws eks update-kubeconfig --region ${region} --name shop-prod-eks --alias shop-prod-eks-${region}`,
      );
    }
    expect(runbook).toContain('aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com');
    expect(runbook).toContain('Kubernetes 1.35 (STANDARD support)');
  });

  it('lists the add-on versions the config pins, overrides included', () => {
    const runbook = clustersRunbook(
      configWith((i) => {
        i.clusters!.addons = { coredns: 'v1.13.2-eksbuild.9' };
      }),
    );
    expect(runbook).toContain('- coredns: v1.13.2-eksbuild.9');
    expect(runbook).toContain('- kube-proxy: v1.35.0-eksbuild.2');
  });

  it('is written only while clusters are enabled', () => {
    expect(clustersTier.documents!(configWith(), { flipConfig: () => '' }).map((d) => d.path)).toEqual([
      'runbooks/clusters.md',
    ]);
    expect(
      clustersTier.documents!(
        configWith((i) => {
          i.clusters!.enabled = false;
        }),
        { flipConfig: () => '' },
      ),
    ).toEqual([]);
  });
});
