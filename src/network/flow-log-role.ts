import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { accountId } from '../iam/account';
import { policyDocument, serviceTrustPolicy } from '../iam/policy';
import { regionalArn } from '../base/partition';

export interface FlowLogRoleProps {
  /** Provider the IAM calls go through (IAM is global; any region's provider reaches it). */
  readonly provider: TerraformProvider;
  readonly roleName: string;
  /** Region and name of the only log group the role may write to. */
  readonly region: string;
  readonly logGroupName: string;
}

/**
 * The role VPC flow logs of one region deliver with. It lives in the global stack: IAM's control plane is in
 * us-east-1, so a regional stack holding it could not even refresh during a us-east-1 outage. The regional
 * network derives the role's ARN from its name.
 */
export class FlowLogRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: FlowLogRoleProps) {
    super(scope, id);
    const { provider } = props;
    const logGroupArn = regionalArn('logs', props.region, accountId(this), `log-group:${props.logGroupName}`);
    this.role = new IamRole(this, 'role', {
      provider,
      name: props.roleName,
      assumeRolePolicy: serviceTrustPolicy('vpc-flow-logs.amazonaws.com'),
    });
    new IamRolePolicy(this, 'policy', {
      provider,
      role: this.role.id,
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: `${logGroupArn}:*`,
        },
      ]),
    });
  }
}
