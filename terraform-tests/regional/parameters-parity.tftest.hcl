# requires: aws_ssm_parameter.parameters_shop_prod_app_log_level aws_ssm_parameter.parameters_shop_prod_app_region_label aws_ssm_parameter.parameters_shop_prod_integrations_webhook_token aws_ssm_parameter.parameters_shop_prod_app_allowed_origins aws_ssm_parameter.parameters_shop_prod_feature_checkout_v2
# The same file runs in every regional stack of the default config: each asserts the same names, types, tiers and
# values (apart from the declared region-label override), which is the parity proof across regions.

run "parameters_parity" {
  command = plan

  assert {
    condition = {
      for p in [aws_ssm_parameter.parameters_shop_prod_app_log_level, aws_ssm_parameter.parameters_shop_prod_app_allowed_origins, aws_ssm_parameter.parameters_shop_prod_feature_checkout_v2, aws_ssm_parameter.parameters_shop_prod_integrations_webhook_token] : p.name => [p.type, p.tier]
      } == {
      "/shop/prod/app/log-level"              = ["String", "Standard"]
      "/shop/prod/app/allowed-origins"        = ["StringList", "Standard"]
      "/shop/prod/feature/checkout-v2"        = ["String", "Standard"]
      "/shop/prod/integrations/webhook-token" = ["SecureString", "Standard"]
    }
    error_message = "Every region declares the same parameter names, types and tiers."
  }

  assert {
    condition     = aws_ssm_parameter.parameters_shop_prod_app_log_level.value == "info" && aws_ssm_parameter.parameters_shop_prod_feature_checkout_v2.value == "true" && aws_ssm_parameter.parameters_shop_prod_app_allowed_origins.value == "https://shop.example.com,https://www.shop.example.com"
    error_message = "Non-secret values are identical in every region."
  }

  assert {
    condition     = aws_ssm_parameter.parameters_shop_prod_app_region_label.value == (var.harness_region == "eu-west-1" ? "eu" : "us")
    error_message = "region-label is eu in eu-west-1 (its perRegion override in config/default.yaml) and us in every other region."
  }

  assert {
    condition     = floor(aws_ssm_parameter.parameters_shop_prod_integrations_webhook_token.value_wo_version / 1000000) == 1
    error_message = "The SecureString goes only through value_wo, versioned by the config: value_wo_version is version (1) x 1,000,000 plus a hash of its metadata (value and insecure_value are computed in a plan; their absence from the configuration is the jest rule SSM_SECURESTRING_NO_PLAINTEXT)."
  }

  assert {
    condition     = aws_ssm_parameter.parameters_shop_prod_integrations_webhook_token.key_id == data.aws_kms_key.kms_key.arn
    error_message = "The SecureString is encrypted with this region's copy of the multi-region key."
  }
}
