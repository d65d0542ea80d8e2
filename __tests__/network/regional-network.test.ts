import { configWith, issuesOf, withRegions } from '../helpers/config';
import { deploymentFor, Template } from '../helpers/template';

describe('private subnets and availability zones', () => {
  const deployment = deploymentFor(
    configWith((input) => {
      withRegions(input, 'us-east-1', ['us-west-1']);
    }),
  );
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
    expect(zonesOf('us-east-1').subnets).toEqual(
      [0, 1, 2].map((index) => `\${data.aws_availability_zones.network_zones.names[${index}]}`),
    );
  });

  it('fails the plan when the account sees fewer zones than configured', () => {
    for (const [region, count] of [
      ['us-west-1', 2],
      ['us-east-1', 3],
    ] as const) {
      expect(zonesOf(region).lookup.lifecycle.postcondition).toEqual([
        expect.objectContaining({ condition: `\${length(self.names) >= ${count}}` }),
      ]);
    }
  });

  it('lets a config ask for the zones the region has', () => {
    const six = deploymentFor(
      configWith((input) => {
        input.regions['us-east-1'].availabilityZones = 6;
      }),
    );
    expect(Object.keys(Template.fromStack(six.regions.get('us-east-1')!).resources('aws_subnet'))).toHaveLength(6);
  });
});

describe('internet egress (regions.<region>.egress)', () => {
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const regionWith = (network: Record<string, unknown>): Template => {
    const config = configWith((input) => {
      Object.assign(input.regions['us-east-1'], network);
    });
    return Template.fromStack(deploymentFor(config).regions.get('us-east-1')!);
  };
  const ref = (type: string, name: string, attribute = 'id') => `\${${type}.${name}.${attribute}}`;
  const egressTypes = ['aws_internet_gateway', 'aws_eip', 'aws_nat_gateway', 'aws_route'];

  it('adds nothing with the default, none: no internet gateway, NAT, Elastic IP or route', () => {
    const template = regionWith({});
    for (const type of egressTypes) expect([type, Object.keys(template.resources(type))]).toEqual([type, []]);
    expect(Object.keys(template.resources('aws_route_table'))).toEqual(['network_private_routes']);
    expect(Object.keys(template.resources('aws_subnet'))).toEqual([
      'network_private_0',
      'network_private_1',
      'network_private_2',
    ]);
  });

  it('nat-single: one NAT gateway in a public subnet of the first zone, the shared private table routed to it', () => {
    const template = regionWith({ egress: 'nat-single' });
    expect(Object.keys(template.resources('aws_nat_gateway'))).toEqual(['network_nat_0']);
    expect(template.resource('aws_nat_gateway', 'network_nat_0')).toMatchObject({
      subnet_id: ref('aws_subnet', 'network_public_0'),
      allocation_id: ref('aws_eip', 'network_nat_0_eip', 'allocation_id'),
      depends_on: ['aws_internet_gateway.network_internet_gateway'],
    });
    expect(template.resource('aws_subnet', 'network_public_0')).toMatchObject({
      cidr_block: '10.10.128.0/20',
      availability_zone: '${data.aws_availability_zones.network_zones.names[0]}',
      map_public_ip_on_launch: false,
    });
    expect(template.resource('aws_route', 'network_public_routes_default')).toMatchObject({
      route_table_id: ref('aws_route_table', 'network_public_routes'),
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: ref('aws_internet_gateway', 'network_internet_gateway'),
    });
    expect(template.resource('aws_route', 'network_private_routes_default')).toMatchObject({
      route_table_id: ref('aws_route_table', 'network_private_routes'),
      destination_cidr_block: '0.0.0.0/0',
      nat_gateway_id: ref('aws_nat_gateway', 'network_nat_0'),
    });
    expect(Object.keys(template.resources('aws_route')).sort()).toEqual([
      'network_private_routes_default',
      'network_public_routes_default',
    ]);
    for (const index of [0, 1, 2]) {
      expect(template.resource('aws_route_table_association', `network_private_${index}_routes`).route_table_id).toBe(
        ref('aws_route_table', 'network_private_routes'),
      );
    }
  });

  it("nat-per-az: each zone's private subnet routes through the NAT gateway of its own zone", () => {
    const template = regionWith({ egress: 'nat-per-az' });
    const tables = ['network_private_routes', 'network_private_routes_1', 'network_private_routes_2'];
    expect(Object.keys(template.resources('aws_nat_gateway'))).toEqual([
      'network_nat_0',
      'network_nat_1',
      'network_nat_2',
    ]);
    for (const index of [0, 1, 2]) {
      const zone = `\${data.aws_availability_zones.network_zones.names[${index}]}`;
      const table = tables[index];
      expect(template.resource('aws_route_table_association', `network_private_${index}_routes`).route_table_id).toBe(
        ref('aws_route_table', table),
      );
      const route = template.resource('aws_route', `${table}_default`);
      expect(route).toMatchObject({
        route_table_id: ref('aws_route_table', table),
        destination_cidr_block: '0.0.0.0/0',
        nat_gateway_id: ref('aws_nat_gateway', `network_nat_${index}`),
      });
      const nat = template.resource('aws_nat_gateway', `network_nat_${index}`);
      expect(nat.subnet_id).toBe(ref('aws_subnet', `network_public_${index}`));
      expect(nat.allocation_id).toBe(ref('aws_eip', `network_nat_${index}_eip`, 'allocation_id'));
      expect([
        template.resource('aws_subnet', `network_public_${index}`).availability_zone,
        template.resource('aws_subnet', `network_private_${index}`).availability_zone,
      ]).toEqual([zone, zone]);
      expect(template.resource('aws_route_table_association', `network_public_${index}_routes`).route_table_id).toBe(
        ref('aws_route_table', 'network_public_routes'),
      );
    }
    // The gateway endpoints follow every private table, or zones 1 and 2 would send S3 and DynamoDB through NAT.
    for (const service of ['s3', 'dynamodb']) {
      expect(template.resource('aws_vpc_endpoint', `network_${service}_gateway`).route_table_ids).toEqual(
        tables.map((table) => ref('aws_route_table', table)),
      );
    }
  });

  it('fits the smallest VPC with the most zones: /28 subnets, disjoint, inside the range', () => {
    const template = regionWith({ vpcCidr: '10.10.0.0/24', availabilityZones: 6, egress: 'nat-per-az' });
    const cidrs = Object.values(template.resources('aws_subnet')).map((subnet: Json) => subnet.cidr_block as string);
    expect(cidrs).toHaveLength(12);
    expect(cidrs.every((cidr) => /^10\.10\.0\.\d+\/28$/.test(cidr))).toBe(true);
    expect(new Set(cidrs).size).toBe(12);
    expect(Object.keys(template.resources('aws_nat_gateway'))).toHaveLength(6);
  });

  it('only adds resources when a region moves from none to nat-single to nat-per-az: no existing address changes', () => {
    const [none, single, perZone] = ['none', 'nat-single', 'nat-per-az'].map((egress) =>
      regionWith({ egress }).addresses(),
    );
    expect(single).toEqual(expect.arrayContaining(none));
    expect(perZone).toEqual(expect.arrayContaining(single));
    expect(single.length).toBeGreaterThan(none.length);
  });

  it('refuses an unknown mode, naming the field and the allowed values', () => {
    expect(
      issuesOf((input) => {
        input.regions['us-east-1'].egress = 'nat';
      }),
    ).toEqual(['regions.us-east-1.egress: "nat" is not an egress mode; allowed: none, nat-single, nat-per-az']);
  });
});
