import { configWith, withRegions } from '../helpers/config';
import { deploymentFor, Template } from '../helpers/template';

describe('private subnets and availability zones', () => {
  const deployment = deploymentFor(configWith((input) => { withRegions(input, 'us-east-1', ['us-west-1']); }));
  const zonesOf = (region: string) => {
    const template = Template.fromStack(deployment.regions.get(region)!);
    return {
      subnets: Object.values(template.resources('aws_subnet')).map((subnet) => subnet.availability_zone as string),
      lookup: template.dataSources('aws_availability_zones').network_zones,
    };
  };

  it('defaults to two subnets in us-west-1, where newer accounts see two zones, and three elsewhere', () => {
    expect(zonesOf('us-west-1').subnets).toHaveLength(2);
    expect(zonesOf('us-east-1').subnets).toHaveLength(3);
  });

  it('indexes the zone list instead of wrapping around it, so two subnets never share a zone', () => {
    expect(zonesOf('us-east-1').subnets).toEqual([0, 1, 2].map((index) => `\${data.aws_availability_zones.network_zones.names[${index}]}`));
  });

  it('fails the plan when the account sees fewer zones than configured', () => {
    for (const [region, count] of [['us-west-1', 2], ['us-east-1', 3]] as const) {
      expect(zonesOf(region).lookup.lifecycle.postcondition).toEqual([expect.objectContaining({ condition: `\${length(self.names) >= ${count}}` })]);
    }
  });

  it('lets a config ask for the zones the region has', () => {
    const six = deploymentFor(configWith((input) => { input.regions['us-east-1'].availabilityZones = 6; }));
    expect(Object.keys(Template.fromStack(six.regions.get('us-east-1')!).resources('aws_subnet'))).toHaveLength(6);
  });
});
