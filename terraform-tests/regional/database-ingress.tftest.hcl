# requires: aws_vpc_security_group_ingress_rule.database_ingress_vpc
# The database port from the VPC (no appCidrs): only that port, never the internet. Listed appCidrs are keyed by value and checked in __tests__/database/stacks.test.ts.

# The ephemeral password input of the database tier: Terraform 1.11's test runner needs it set explicitly for apply runs.
variables {
  database_master_password = ""
}

run "database_ingress" {
  command = plan

  assert {
    condition     = aws_vpc_security_group_ingress_rule.database_ingress_vpc.from_port == aws_vpc_security_group_ingress_rule.database_ingress_vpc.to_port && contains([3306, 5432], aws_vpc_security_group_ingress_rule.database_ingress_vpc.from_port)
    error_message = "The security group must admit the database port only."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.database_ingress_vpc.cidr_ipv4 != "0.0.0.0/0"
    error_message = "The database must never be open to the internet."
  }
}
