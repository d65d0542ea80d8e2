# requires: aws_iam_role.network_flow_log_role_us-east-1_role aws_iam_role.database_monitoring_role_us-east-1
# The roles regional stacks use live here (IAM is a global service): trust and scope, for us-east-1's.

run "role_trust_and_scope" {
  command = plan

  assert {
    condition     = aws_iam_role.network_flow_log_role_us-east-1_role.name == format("%s-flow-logs", split("/", jsondecode(aws_iam_role_policy.network_flow_log_role_us-east-1_policy.policy).Statement[0].Resource)[2])
    error_message = "The flow log role must be named after the log group it may write to (<prefix>-<region>-flow-logs, /vpc/<prefix>-<region>/flow-logs)."
  }

  assert {
    condition     = [for statement in jsondecode(aws_iam_role.network_flow_log_role_us-east-1_role.assume_role_policy).Statement : statement.Principal.Service] == ["vpc-flow-logs.amazonaws.com"]
    error_message = "Only the VPC flow logs service may assume the flow log role."
  }

  assert {
    condition     = alltrue([for statement in jsondecode(aws_iam_role_policy.network_flow_log_role_us-east-1_policy.policy).Statement : startswith(statement.Resource, "arn:aws:logs:us-east-1:") && endswith(statement.Resource, "/flow-logs:*")])
    error_message = "The flow log role may write only to us-east-1's flow log group."
  }

  assert {
    condition     = [for statement in jsondecode(aws_iam_role.database_monitoring_role_us-east-1.assume_role_policy).Statement : statement.Principal.Service] == ["monitoring.rds.amazonaws.com"]
    error_message = "Only RDS enhanced monitoring may assume the monitoring role."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.database_monitoring_policy_us-east-1.policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
    error_message = "The monitoring role must carry the AWS-managed enhanced monitoring policy."
  }
}
