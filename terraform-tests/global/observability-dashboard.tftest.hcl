# requires: aws_cloudwatch_dashboard.observability_dashboard_dashboard
# The footprint's dashboard: a row per configured region, each with the region's health alarm, every metric widget
# drawing from its own region, within the 24-unit grid.

variables {
  database_master_password = ""
}

run "dashboard" {
  command = apply

  assert {
    condition = toset([
      for widget in jsondecode(aws_cloudwatch_dashboard.observability_dashboard_dashboard.dashboard_body).widgets :
      split(":", one(widget.properties.alarms))[3] if widget.type == "alarm"
    ]) == toset(output.observability_dashboard_regions)
    error_message = "Every configured region, and only those, must have its health alarm on the dashboard."
  }

  assert {
    condition = alltrue([
      for widget in jsondecode(aws_cloudwatch_dashboard.observability_dashboard_dashboard.dashboard_body).widgets :
      endswith(one(widget.properties.alarms), ":alarm:${aws_cloudwatch_dashboard.observability_dashboard_dashboard.dashboard_name}-${split(":", one(widget.properties.alarms))[3]}-unhealthy") &&
      split(":", one(widget.properties.alarms))[4] == data.aws_caller_identity.account.account_id
      if widget.type == "alarm"
    ])
    error_message = "Each region's row shows that region's health alarm in this account."
  }

  assert {
    condition = toset([
      for widget in jsondecode(aws_cloudwatch_dashboard.observability_dashboard_dashboard.dashboard_body).widgets :
      widget.properties.region if widget.type == "metric" && !startswith(try(widget.properties.title, ""), "global:")
    ]) == toset(output.observability_dashboard_regions)
    error_message = "Every configured region must have metric widgets, each drawing from its own region."
  }

  assert {
    condition = alltrue([
      for widget in jsondecode(aws_cloudwatch_dashboard.observability_dashboard_dashboard.dashboard_body).widgets :
      widget.x + widget.width <= 24
    ]) && length(jsondecode(aws_cloudwatch_dashboard.observability_dashboard_dashboard.dashboard_body).widgets) <= 500
    error_message = "Widgets must fit the 24-unit grid, at most 500 of them."
  }
}
