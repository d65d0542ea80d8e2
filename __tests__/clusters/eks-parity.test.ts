import type { TerraformResource } from 'cdktf';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { describeEksDifference, eksParity } from '../../src/clusters/eks-parity';
import { clustersConfig, synthToDisk } from '../helpers/clusters';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('EKS parity of the regional stacks', () => {
  const config = clustersConfig((input) => {
    input.clusters!.admins = ['arn:aws:iam::123456789012:role/ops-admin'];
  });
  const regionalStacks = (): Map<string, Json> => {
    const synthesized = synthToDisk(config);
    return new Map(config.allRegions.map((region) => [region, synthesized.stack(`region-${region}`)]));
  };
  const stacks = regionalStacks();
  const fresh = (): Map<string, Json> =>
    new Map([...stacks].map(([region, stack]) => [region, structuredClone(stack)]));

  it('finds every add-on, service account and access entry alike in every region', () => {
    const east = stacks.get('us-east-1')!.resource;
    // What is compared exists: six add-ons, the two service accounts' Pod Identity associations, an access entry with its policy.
    expect([
      Object.keys(east.aws_eks_addon).length,
      Object.keys(east.aws_eks_pod_identity_association).length,
      Object.keys(east.aws_eks_access_entry).length,
    ]).toEqual([6, 2, 1]);
    expect(eksParity(stacks)).toEqual([]);
  });

  it('reports an add-on whose version or configuration differs in one region', () => {
    const planted = fresh();
    planted.get('us-west-2')!.resource.aws_eks_addon.clusters_addon_coredns.addon_version = 'v1.13.2-eksbuild.9';
    const cloudwatch = planted.get('eu-west-1')!.resource.aws_eks_addon.clusters_addon_amazon_cloudwatch_observability;
    cloudwatch.configuration_values = JSON.stringify({
      ...JSON.parse(cloudwatch.configuration_values),
      otlp: { enabled: false },
    });
    expect(
      eksParity(planted)
        .map((difference) => `${difference.region} ${difference.kind} ${difference.name}`)
        .sort(),
    ).toEqual(['eu-west-1 add-on amazon-cloudwatch-observability', 'us-west-2 add-on coredns']);
  });

  it("reports a Pod Identity association that assumes another region's role", () => {
    const planted = fresh();
    const eu = planted.get('eu-west-1')!.resource.aws_eks_pod_identity_association.clusters_pod_identity_shop_web;
    eu.role_arn = eu.role_arn.replace('eu-west-1', 'us-east-1');
    const [difference, ...rest] = eksParity(planted);
    expect(rest).toEqual([]);
    expect(describeEksDifference(difference)).toMatch(
      /^eu-west-1: Pod Identity association "shop\/web" is \{"role":".*us-east-1.*"\} where the other regions have \{"role":".*<own region>.*"\}$/,
    );
  });

  it('reports an access policy missing in one region', () => {
    const planted = fresh();
    const west = planted.get('us-west-2')!.resource;
    delete west.aws_eks_access_policy_association[Object.keys(west.aws_eks_access_policy_association)[0]];
    expect(eksParity(planted)).toMatchObject([
      { region: 'us-west-2', kind: 'access entry', name: 'arn:aws:iam::123456789012:role/ops-admin' },
    ]);
  });

  it("fails synthesis on a planted difference, from an override or a user's own construct, naming region and item", () => {
    expect(() =>
      synthToDisk(config, (deployment) => {
        (
          deployment.regions
            .get('us-west-2')!
            .node.findChild('clusters')
            .node.findChild('addon_coredns') as TerraformResource
        ).addOverride('addon_version', 'v1.13.2-eksbuild.9');
      }),
    ).toThrow('[EKS_PARITY] us-west-2: add-on "coredns" is {"version":"v1.13.2-eksbuild.9"');
    expect(() =>
      synthToDisk(config, (deployment) => {
        const cluster = deployment.regions.get('eu-west-1')!.node.findChild('clusters');
        new EksAccessEntry(cluster, 'extra_entry', {
          clusterName: 'shop-prod-eks',
          principalArn: 'arn:aws:iam::123456789012:role/extra',
        });
      }),
    ).toThrow(
      '[EKS_PARITY] eu-west-1: access entry "arn:aws:iam::123456789012:role/extra" is {"policies":[]} where the other regions have nothing',
    );
  });
});
