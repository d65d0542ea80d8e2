import type { Move, TierRunbook } from '../tiers/runbook';
import type { TierConfig } from '../tiers/tier';
import type { ParametersSchema } from './config';

/**
 * The parameters' part of the deployment runbook: every region holds its own copy of every parameter, created from
 * the config, so a move needs no step; `npm run drift` shows whether the deployed copies still agree.
 */
export function parametersRunbookSteps(
  config: TierConfig<{ parameters: typeof ParametersSchema }>,
  move: Move,
): TierRunbook {
  if (Object.keys(config.parameters.items).length === 0) return { objectives: [], steps: [] };
  return {
    objectives: [
      {
        tier: 'parameters',
        mechanism: 'SSM parameters declared in every region (no replication)',
        rpo: `0 for what the config declares; a value changed by hand in one region is not in ${move.target} (\`npm run drift\` shows it)`,
        rto: `0: ${move.target} reads its own copies`,
        source: 'Parameter Store has no cross-region replication, so no AWS figure applies',
      },
    ],
    steps: [],
  };
}
