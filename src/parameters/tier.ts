import type { Construct } from 'constructs';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { defineTier } from '../tiers/tier';
import { parametersTopology } from './topology';
import { parametersRunbookSteps } from './runbook';
import { ephemeralInput } from '../inputs/ephemeral-input';
import { PARAMETERS_RULES } from '../policy/rules/secrets';
import {
  ParametersSchema,
  parameterId,
  secureStringWriteVersion,
  parameterValue,
  validateParameters,
  parameterArn,
} from './config';

/** `var.parameter_<id>_value`: ephemeral, reaching only `value_wo` of a SecureString. */
function parameterValueVariable(scope: Construct, id: string, name: string): string {
  return ephemeralInput(
    scope,
    `parameter_${id}_value`,
    `Value of SecureString ${name}: only when creating it or writing a new version, in every region's stack.`,
  );
}

/**
 * Parameter Store has no replication: every regional stack declares every parameter, on its own provider, with the
 * same address (`aws_ssm_parameter.parameters_<id>`), so each region keeps its copy through another region's outage.
 */
export const parametersTier = defineTier({
  name: 'parameters',
  sections: { parameters: ParametersSchema },
  validate: validateParameters,
  regional: ({ scope, config, region, kmsKeyArn }) => {
    for (const [name, parameter] of Object.entries(config.parameters.items)) {
      const id = parameterId(name);
      const secure = parameter.type === 'SecureString';
      const resource = new SsmParameter(scope, `parameters_${id}`, {
        name,
        type: parameter.type,
        description: parameter.description,
        tier: parameter.tier,
        allowedPattern: parameter.allowedPattern,
        dataType: parameter.dataType,
        ...(secure
          ? { keyId: kmsKeyArn, valueWoVersion: secureStringWriteVersion(parameter) }
          : { value: parameterValue(parameter, region) }),
      });
      if (secure) resource.addOverride('value_wo', `\${${parameterValueVariable(scope, id, name)}}`);
    }
  },
  // What other tiers may read: a parameter's ARN in a region.
  published: { parameterArn },
  topology: parametersTopology,
  runbook: parametersRunbookSteps,
  rules: PARAMETERS_RULES,
});
