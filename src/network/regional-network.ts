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
import { cidrSubnet, formatCidr, parseCidr } from '../base/cidr';

export interface RegionalNetworkProps {
  /** Name prefix of the network's resources. */
  readonly name: string;
  /** VPC range, already validated by the config schema. */
  readonly vpcCidr: string;
  /** Number of availability zones, each getting one private subnet. */
  readonly availabilityZones: number;
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

/** Extra prefix bits per private subnet: 16 subnets of /20 in a /16, of /28 in a /24. */
const SUBNET_NEW_BITS = 4;

/** A VPC with one private subnet per availability zone, flow logs, and a default security group that admits nothing. */
export class RegionalNetwork extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: RegionalNetworkProps) {
    super(scope, id);
    const parent = parseCidr(props.vpcCidr);
    if (!parent) throw new Error(`vpcCidr ${JSON.stringify(props.vpcCidr)} is not a valid IPv4 CIDR`);

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
        postcondition: [{
          condition: `\${length(self.names) >= ${props.availabilityZones}}`,
          errorMessage: `${props.name} needs ${props.availabilityZones} available availability zones (regions.<region>.availabilityZones) but this account sees fewer; lower it.`,
        }],
      },
    });
    const routeTable = new RouteTable(this, 'private_routes', { vpcId: this.vpc.id, tags: { Name: `${props.name}-private` } });
    this.privateSubnets = Array.from({ length: props.availabilityZones }, (_, index) => {
      const subnet = new Subnet(this, `private_${index}`, {
        vpcId: this.vpc.id,
        cidrBlock: formatCidr(cidrSubnet(parent, SUBNET_NEW_BITS, index)),
        // Indexed, not element(): a missing zone fails instead of wrapping around onto a zone already used.
        availabilityZone: `\${${zones.fqn}.names[${index}]}`,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-private-${index}`, Tier: 'private' },
      });
      new RouteTableAssociation(this, `private_${index}_routes`, { subnetId: subnet.id, routeTableId: routeTable.id });
      return subnet;
    });

    // S3 and DynamoDB through gateway endpoints on the private routes: free, and the state bucket, the lock table and
    // image layers (ECR keeps them in S3) stay reachable without NAT (Amazon VPC "Gateway endpoints",
    // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html: no charge).
    for (const service of ['s3', 'dynamodb']) {
      new VpcEndpoint(this, `${service}_gateway`, {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: [routeTable.id],
        tags: { Name: `${props.name}-${service}` },
      });
    }

    this.addFlowLogs(props);
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((subnet) => subnet.id);
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
