# requires: aws_subnet.network_private_1
# An account that sees fewer zones than regions.<region>.availabilityZones fails the plan at the zone lookup,
# instead of putting two subnets in one zone.

run "fewer_zones_than_configured_fail_the_plan" {
  command = plan

  override_data {
    target = data.aws_availability_zones.network_zones
    values = { names = ["zz-test-1a"] }
  }

  expect_failures = [data.aws_availability_zones.network_zones]
}
