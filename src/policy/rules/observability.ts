import type { PolicyRule } from '../rule';
import { resourceRule } from '../rule';

const notEmpty = (value: unknown): boolean =>
  (Array.isArray(value) && value.length > 0) || (typeof value === 'string' && value !== '');

/** Every alarm reaches someone: it notifies when it fires and when it recovers, and its actions are not switched off. */
const alarmActions = (type: string) =>
  resourceRule(
    `ALARM_ACTIONS_${type === 'aws_cloudwatch_metric_alarm' ? 'METRIC' : 'COMPOSITE'}`,
    undefined,
    type,
    (alarm) => {
      const missing = ['alarm_actions', 'ok_actions'].filter((argument) => !notEmpty(alarm.config[argument]));
      if (missing.length > 0)
        return `notifies nobody: set ${missing.join(
          ' and ',
        )} (the alerts topic of the alarm's region, ObservabilityNames.alertsTopic())`;
      return alarm.config.actions_enabled === false
        ? 'has its actions switched off (actions_enabled = false)'
        : undefined;
    },
  );

export const OBSERVABILITY_RULES: readonly PolicyRule[] = [
  alarmActions('aws_cloudwatch_metric_alarm'),
  alarmActions('aws_cloudwatch_composite_alarm'),
];
