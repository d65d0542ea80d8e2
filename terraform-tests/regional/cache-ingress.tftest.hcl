# requires: aws_vpc_security_group_ingress_rule.cache_ingress_vpc aws_elasticache_replication_group.cache_group
# The cache port from the VPC (no appCidrs): only that port, never the internet, on the group's security group. Listed appCidrs are keyed by value and checked in __tests__/cache/stacks.test.ts.

# The ephemeral password input of the database tier: Terraform 1.11's test runner needs it set explicitly for apply runs.
variables {
  database_master_password = ""
}

run "cache_ingress" {
  command = plan

  assert {
    condition     = aws_elasticache_replication_group.cache_group.port == 6379 && aws_vpc_security_group_ingress_rule.cache_ingress_vpc.from_port == 6379 && aws_vpc_security_group_ingress_rule.cache_ingress_vpc.to_port == 6379
    error_message = "The security group must admit the cache port only."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.cache_ingress_vpc.cidr_ipv4 != "0.0.0.0/0"
    error_message = "The cache must never be open to the internet."
  }
}

# The security group's ID is known only once applied.
run "cache_ingress_apply" {
  command = apply

  assert {
    condition     = one(aws_vpc_security_group_ingress_rule.cache_ingress_vpc[*].security_group_id) == aws_security_group.cache_security_group.id && contains(aws_elasticache_replication_group.cache_group.security_group_ids, aws_security_group.cache_security_group.id)
    error_message = "The group must sit behind the tier's security group."
  }
}
