import type { Construct } from 'constructs';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { MovedBlock } from '../protection/moved-block';

export interface PortIngressProps {
  readonly securityGroupId: string;
  /** What the port serves, for the rules' descriptions (`Database`). */
  readonly service: string;
  readonly port: number;
  /** CIDRs allowed in; none: the VPC's own (`vpcCidr`), as rule `ingress_vpc`. */
  readonly cidrs: readonly string[];
  readonly vpcCidr: string;
  /** Security groups allowed in, besides the CIDRs. @default [] */
  readonly securityGroupIds?: readonly string[];
}

/** A CIDR or security group ID as part of a construct id: `10.0.0.0/16` -> `10_0_0_0_16`. */
const addressKey = (value: string): string => value.replace(/[^A-Za-z0-9]/g, '_');

/**
 * One ingress rule on `port` per CIDR and per security group, keyed by the value (`ingress_10_0_0_0_16`,
 * `ingress_sg_0abc`; the VPC's own CIDR when none is listed: `ingress_vpc`, the same address in every region): removing one leaves the others' addresses, so nothing else is replaced. Each rule moves from
 * its address of releases that keyed them by list position (`ingress_cidr_<index>`, `ingress_sg_<index>`).
 */
export function portIngressRules(scope: Construct, props: PortIngressProps): VpcSecurityGroupIngressRule[] {
  const rule = (
    key: string,
    previous: string,
    source: { cidrIpv4: string } | { referencedSecurityGroupId: string },
    from: string,
  ) => {
    const created = new VpcSecurityGroupIngressRule(scope, `ingress_${key}`, {
      securityGroupId: props.securityGroupId,
      description: `${props.service} from ${from}`,
      ipProtocol: 'tcp',
      fromPort: props.port,
      toPort: props.port,
      ...source,
    });
    new MovedBlock(scope, `ingress_${key}_moved`, {
      from: `aws_vpc_security_group_ingress_rule.${scope.node.id}_${previous}`,
      to: `aws_vpc_security_group_ingress_rule.${created.friendlyUniqueId}`,
    });
    return created;
  };
  return [
    ...(props.cidrs.length === 0 ? [rule('vpc', 'ingress_cidr_0', { cidrIpv4: props.vpcCidr }, props.vpcCidr)] : []),
    ...props.cidrs.map((cidr, index) => rule(addressKey(cidr), `ingress_cidr_${index}`, { cidrIpv4: cidr }, cidr)),
    ...(props.securityGroupIds ?? []).map((group, index) =>
      rule(addressKey(group), `ingress_sg_${index}`, { referencedSecurityGroupId: group }, group),
    ),
  ];
}
