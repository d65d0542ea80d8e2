import { configWith, issuesOf } from '../helpers/config';
import { deploymentFor, Template } from '../helpers/template';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

describe('a way in to every cluster API, and gateway endpoints', () => {
  const deployment = deploymentFor(
    configWith((i) => {
      i.clusters = { ...i.clusters, apiAccessCidrs: ['10.100.0.0/16', '192.168.8.0/22'] };
    }),
  );
  const regional = (region: string) => Template.fromStack(deployment.regions.get(region)!);

  it.each(REGIONS)(
    'opens 443 on the cluster security group of %s to each apiAccessCidrs entry, keyed by the CIDR',
    (region) => {
      const rules = regional(region).resources('aws_vpc_security_group_ingress_rule');
      const api = Object.entries(rules).filter(([name]) => name.startsWith('clusters_api_access_'));
      expect(
        Object.fromEntries(
          api.map(([name, rule]) => [
            name,
            [rule.security_group_id, rule.cidr_ipv4, rule.from_port, rule.to_port, rule.ip_protocol],
          ]),
        ),
      ).toEqual({
        clusters_api_access_10_100_0_0_16: [
          '${aws_eks_cluster.clusters_cluster.vpc_config[0].cluster_security_group_id}',
          '10.100.0.0/16',
          443,
          443,
          'tcp',
        ],
        clusters_api_access_192_168_8_0_22: [
          '${aws_eks_cluster.clusters_cluster.vpc_config[0].cluster_security_group_id}',
          '192.168.8.0/22',
          443,
          443,
          'tcp',
        ],
      });
    },
  );

  it("keeps the address of one CIDR's rule when another is removed", () => {
    const fewer = deploymentFor(
      configWith((i) => {
        i.clusters = { ...i.clusters, apiAccessCidrs: ['192.168.8.0/22'] };
      }),
    );
    const names = Object.keys(
      Template.fromStack(fewer.regions.get('us-east-1')!).resources('aws_vpc_security_group_ingress_rule'),
    ).filter((name) => name.startsWith('clusters_api_access_'));
    expect(names).toEqual(['clusters_api_access_192_168_8_0_22']);
  });

  it('refuses clusters with a private endpoint and no apiAccessCidrs: nothing could reach the API', () => {
    expect(
      issuesOf((i) => {
        i.clusters.apiAccessCidrs = [];
      }),
    ).toContain(
      'clusters.apiAccessCidrs: is empty while the API endpoint is private (publicEndpoint false): nothing can reach the cluster API to apply the cluster-<region> stacks; list the CIDRs of your VPN, peered or Transit Gateway runners, or set publicEndpoint true with publicAccessCidrs',
    );
  });

  it('refuses an apiAccessCidrs entry that opens the API to everyone', () => {
    expect(
      issuesOf((i) => {
        i.clusters.apiAccessCidrs = ['0.0.0.0/0'];
      }),
    ).toContain(
      'clusters.apiAccessCidrs[0]: "0.0.0.0/0" opens the API server to the whole internet; list specific CIDRs',
    );
  });

  it.each(REGIONS)(
    'routes S3 and DynamoDB through free gateway endpoints on the private route table in %s, with no S3 interface endpoint',
    (region) => {
      const endpoints = Object.values(regional(region).resources('aws_vpc_endpoint'));
      const gateways = endpoints.filter((endpoint) => endpoint.vpc_endpoint_type === 'Gateway');
      expect(gateways.map((endpoint) => [endpoint.service_name, endpoint.route_table_ids]).sort()).toEqual([
        [`com.amazonaws.${region}.dynamodb`, ['${aws_route_table.network_private_routes.id}']],
        [`com.amazonaws.${region}.s3`, ['${aws_route_table.network_private_routes.id}']],
      ]);
      expect(
        endpoints
          .filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface')
          .map((endpoint) => endpoint.service_name),
      ).not.toContain(`com.amazonaws.${region}.s3`);
    },
  );
});
