import { Construct } from 'constructs';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { cidrSubnet, formatCidr, parseCidr, type Ipv4Cidr } from '../base/cidr';
import type { EgressMode } from '../base/config';
import { ValidationError } from '../base/errors';

export interface RegionalNetworkProps {
  /** Name prefix of the network's resources. */
  readonly name: string;
  /** VPC range, already validated by the config schema. */
  readonly vpcCidr: string;
  /** Number of availability zones, each getting one private subnet. */
  readonly availabilityZones: number;
  /**
   * Internet egress of the private subnets (`regions.<region>.egress`).
   * @default 'none'
   */
  readonly egress?: EgressMode;
  /** KMS key that encrypts the flow log group. */
  readonly kmsKeyArn: string;
  /** The region, for the gateway endpoints' service names. */
  readonly region: string;
  /** Name of the flow log group; the role below may write only to it. */
  readonly flowLogGroupName: string;
  /** ARN of the role VPC flow logs deliver with, created where IAM belongs (the global stack: see {@link FlowLogRole}). */
  readonly flowLogRoleArn: string;
  /**
   * Days to keep VPC flow logs.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
}

/** Where a regional construct places itself: the region's VPC, its range and its private subnets. */
export interface NetworkPlacement {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly subnetIds: string[];
}

/**
 * Extra prefix bits per subnet: 16 slots of /20 in a /16, of /28 (the smallest subnet AWS allows) in a /24. Private
 * subnets take slots 0-5, public ones (NAT gateways only) slots 8-13: at most 6 zones each, so every allowed VPC
 * range (/16 to /24) and zone count fits, and slots 6-7 and 14-15 stay free.
 */
const SUBNET_NEW_BITS = 4;
const PUBLIC_SLOT_OFFSET = 8;

/** Zone 0's table is the shared one, under its original id; nat-per-az adds one per further zone. */
const privateRoutesId = (zone: number): string => (zone === 0 ? 'private_routes' : `private_routes_${zone}`);

/**
 * A VPC with one private subnet per availability zone, flow logs, and a default security group that admits nothing;
 * with `egress` other than `none`, NAT gateways in public subnets behind an internet gateway.
 */
export class RegionalNetwork extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];
  /** Per zone, the route table of its private subnet: one shared table unless egress is nat-per-az. */
  readonly privateRouteTables: RouteTable[];

  constructor(scope: Construct, id: string, props: RegionalNetworkProps) {
    super(scope, id);
    const parent = parseCidr(props.vpcCidr);
    if (!parent) throw new ValidationError(`vpcCidr ${JSON.stringify(props.vpcCidr)} is not a valid IPv4 CIDR`);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });

    // Closes the default security group (checkov CKV2_AWS_12).
    new DefaultSecurityGroup(this, 'default_security_group', { vpcId: this.vpc.id, ingress: [], egress: [] });

    // An account that sees fewer zones than configured fails the plan here instead of doubling subnets up.
    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      lifecycle: {
        postcondition: [
          {
            condition: `\${length(self.names) >= ${props.availabilityZones}}`,
            errorMessage: `${props.name} needs ${props.availabilityZones} available availability zones (regions.<region>.availabilityZones) but this account sees fewer; lower it.`,
          },
        ],
      },
    });
    // Indexed, not element(): a missing zone fails instead of wrapping around onto a zone already used.
    const zone = (index: number) => `\${${zones.fqn}.names[${index}]}`;
    const egress = props.egress ?? 'none';
    const sharedRoutes = new RouteTable(this, privateRoutesId(0), {
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-private` },
    });
    // Zone 0 keeps the shared table under every mode, so moving between modes adds tables and never replaces one.
    this.privateRouteTables = Array.from({ length: props.availabilityZones }, (_, index) =>
      egress === 'nat-per-az' && index > 0
        ? new RouteTable(this, privateRoutesId(index), {
            vpcId: this.vpc.id,
            tags: { Name: `${props.name}-private-${index}` },
          })
        : sharedRoutes,
    );
    this.privateSubnets = Array.from({ length: props.availabilityZones }, (_, index) => {
      const subnet = new Subnet(this, `private_${index}`, {
        vpcId: this.vpc.id,
        cidrBlock: formatCidr(cidrSubnet(parent, SUBNET_NEW_BITS, index)),
        availabilityZone: zone(index),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-private-${index}`, Tier: 'private' },
      });
      new RouteTableAssociation(this, `private_${index}_routes`, {
        subnetId: subnet.id,
        routeTableId: this.privateRouteTables[index].id,
      });
      return subnet;
    });
    if (egress !== 'none') this.addNatEgress(props, parent, zone, egress);

    // S3 and DynamoDB through gateway endpoints on the private routes: free, and the state bucket, the lock table and
    // image layers (ECR keeps them in S3) stay reachable without NAT (Amazon VPC "Gateway endpoints",
    // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html: no charge).
    for (const service of ['s3', 'dynamodb']) {
      new VpcEndpoint(this, `${service}_gateway`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: [...new Set(this.privateRouteTables)].map((table) => table.id),
        tags: { Name: `${props.name}-${service}` },
      });
    }

    this.addFlowLogs(props);
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((subnet) => subnet.id);
  }

  /**
   * NAT gateways in public subnets (Amazon VPC User Guide, "NAT gateways",
   * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html): a public NAT gateway needs a public subnet
   * routed to an internet gateway and an Elastic IP; the private route tables send 0.0.0.0/0 to it. One NAT gateway
   * serves every zone with nat-single; with nat-per-az each zone routes through the NAT gateway in its own zone, so a
   * zone's loss stops only its own egress (the same page: "create a NAT gateway in each Availability Zone").
   */
  private addNatEgress(
    props: RegionalNetworkProps,
    parent: Ipv4Cidr,
    zone: (index: number) => string,
    egress: Exclude<EgressMode, 'none'>,
  ): void {
    const internetGateway = new InternetGateway(this, 'internet_gateway', {
      vpcId: this.vpc.id,
      tags: { Name: props.name },
    });
    const publicRoutes = new RouteTable(this, 'public_routes', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-public` },
    });
    new Route(this, 'public_routes_default', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });

    const natZones = egress === 'nat-per-az' ? props.availabilityZones : 1;
    const natGateways = Array.from({ length: natZones }, (_, index) => {
      const subnet = new Subnet(this, `public_${index}`, {
        vpcId: this.vpc.id,
        cidrBlock: formatCidr(cidrSubnet(parent, SUBNET_NEW_BITS, PUBLIC_SLOT_OFFSET + index)),
        availabilityZone: zone(index),
        // Only NAT gateways live here, on their Elastic IPs: nothing launched gets a public address (CKV_AWS_130).
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${index}`, Tier: 'public' },
      });
      new RouteTableAssociation(this, `public_${index}_routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      const address = new Eip(this, `nat_${index}_eip`, {
        domain: 'vpc',
        tags: { Name: `${props.name}-nat-${index}` },
      });
      // The provider docs advise depending on the internet gateway: a NAT gateway created before it cannot route out.
      return new NatGateway(this, `nat_${index}`, {
        subnetId: subnet.id,
        allocationId: address.allocationId,
        connectivityType: 'public',
        tags: { Name: `${props.name}-nat-${index}` },
        dependsOn: [internetGateway],
      });
    });

    // nat-single: the one shared table to the one NAT gateway; nat-per-az: each zone's table to its zone's.
    const routed = egress === 'nat-per-az' ? this.privateRouteTables : [this.privateRouteTables[0]];
    routed.forEach(
      (table, index) =>
        new Route(this, `${privateRoutesId(index)}_default`, {
          routeTableId: table.id,
          destinationCidrBlock: '0.0.0.0/0',
          natGatewayId: natGateways[index].id,
        }),
    );
  }

  // VPC flow logs (checkov CKV2_AWS_11) into a KMS-encrypted log group (CKV_AWS_158) kept a year (CKV_AWS_338).
  private addFlowLogs(props: RegionalNetworkProps): void {
    const logGroup = new CloudwatchLogGroup(this, 'flow_log_group', {
      name: props.flowLogGroupName,
      retentionInDays: props.flowLogRetentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
    });
    new FlowLog(this, 'flow_log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: props.flowLogRoleArn,
    });
  }
}
