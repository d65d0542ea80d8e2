# requires: aws_subnet.network_private_2
# The regional network's invariants. CIDRs and region sets differ per config, so this asserts relations,
# not literal values.

# One plan run with every static invariant: each run starts the mock providers anew.
run "plan_invariants" {
  command = plan

  # The zone names come from the mock; what the configuration decides is that subnet i takes the region's i-th zone.
  assert {
    condition = alltrue([
      for index, subnet in [aws_subnet.network_private_0, aws_subnet.network_private_1, aws_subnet.network_private_2] :
      subnet.availability_zone == data.aws_availability_zones.network_zones.names[index]
    ])
    error_message = "Private subnet i must sit in the region's i-th availability zone, so the first three use three distinct zones."
  }

  assert {
    condition = alltrue([
      for subnet in [aws_subnet.network_private_0, aws_subnet.network_private_1, aws_subnet.network_private_2] :
      subnet.map_public_ip_on_launch == false && subnet.assign_ipv6_address_on_creation != true
    ])
    error_message = "Private subnets must not map public addresses on launch."
  }

  assert {
    condition = length(distinct([
      aws_subnet.network_private_0.cidr_block,
      aws_subnet.network_private_1.cidr_block,
      aws_subnet.network_private_2.cidr_block,
    ])) == 3
    error_message = "Private subnets must not share a CIDR block."
  }

  # A subnet lies in the VPC when its base address, masked to the VPC's prefix, is the VPC's network.
  assert {
    condition = alltrue([
      for subnet in [aws_subnet.network_private_0, aws_subnet.network_private_1, aws_subnet.network_private_2] :
      cidrhost(format("%s/%s", cidrhost(subnet.cidr_block, 0), split("/", aws_vpc.network_vpc.cidr_block)[1]), 0) == cidrhost(aws_vpc.network_vpc.cidr_block, 0)
    ])
    error_message = "Every private subnet must lie inside the VPC's CIDR block."
  }

  assert {
    condition     = aws_vpc.network_vpc.enable_dns_support && aws_vpc.network_vpc.enable_dns_hostnames
    error_message = "The VPC needs DNS support and hostnames for private endpoints."
  }

  assert {
    condition     = aws_flow_log.network_flow_log.traffic_type == "ALL" && aws_flow_log.network_flow_log.log_destination_type == "cloud-watch-logs"
    error_message = "The VPC must log all traffic to CloudWatch Logs."
  }

  assert {
    condition     = aws_cloudwatch_log_group.network_flow_log_group.retention_in_days >= 365
    error_message = "Flow logs must be kept at least 365 days."
  }

  # A key looked up by ARN could sit in another region (the mock would still answer with this region's ARN).
  assert {
    condition     = startswith(data.aws_kms_key.kms_key.key_id, "alias/") && split(":", data.aws_kms_key.kms_key.arn)[3] == var.harness_region
    error_message = "The region's key must be looked up by alias in the stack's own region."
  }

  assert {
    condition     = aws_cloudwatch_log_group.network_flow_log_group.kms_key_id == data.aws_kms_key.kms_key.arn
    error_message = "The flow log group must be encrypted with this region's copy of the multi-region key."
  }

  # The role lives in the global stack (IAM is global); the region derives its ARN from the config-derived name.
  assert {
    condition     = aws_flow_log.network_flow_log.iam_role_arn == format("arn:aws:iam::%s:role/%s-flow-logs", data.aws_caller_identity.account.account_id, split("/", aws_cloudwatch_log_group.network_flow_log_group.name)[2])
    error_message = "The flow log must deliver with the global stack's role named after this region's network (<prefix>-<region>-flow-logs)."
  }

  assert {
    condition     = length(aws_default_security_group.network_default_security_group.ingress) == 0 && length(aws_default_security_group.network_default_security_group.egress) == 0
    error_message = "The default security group must have no rules."
  }
}

# Wiring through computed IDs and ARNs is only known after apply (mock values here).
run "wiring_after_apply" {
  command = apply

  assert {
    condition = alltrue([
      for subnet in [aws_subnet.network_private_0, aws_subnet.network_private_1, aws_subnet.network_private_2] :
      subnet.vpc_id == aws_vpc.network_vpc.id
    ])
    error_message = "Every private subnet must belong to the VPC."
  }

  assert {
    condition     = aws_flow_log.network_flow_log.vpc_id == aws_vpc.network_vpc.id && aws_flow_log.network_flow_log.log_destination == aws_cloudwatch_log_group.network_flow_log_group.arn
    error_message = "The flow log must watch the VPC and write to the encrypted log group."
  }

  assert {
    condition     = aws_default_security_group.network_default_security_group.vpc_id == aws_vpc.network_vpc.id
    error_message = "The closed default security group must be the VPC's."
  }
}
