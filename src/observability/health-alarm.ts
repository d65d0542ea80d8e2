import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { ValidationError } from '../base/errors';

/**
 * PutCompositeAlarm: "The rule expression of a composite alarm can include as many as 100 underlying alarms", and
 * `AlarmRule` is at most 10240 characters (Amazon CloudWatch API Reference, "PutCompositeAlarm",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html).
 */
export const COMPOSITE_MAX_ALARMS = 100;
export const COMPOSITE_RULE_MAX_LENGTH = 10240;

/** `ALARM("a") OR ALARM("b") ...`: in alarm as soon as any of `alarmNames` is. */
export const anyInAlarm = (alarmNames: readonly string[]): string =>
  alarmNames.map((name) => `ALARM(${JSON.stringify(name)})`).join(' OR ');

/** `alarmNames` cut, in order, into groups whose rule stays within both PutCompositeAlarm limits. */
export function ruleGroups(alarmNames: readonly string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  for (const name of alarmNames) {
    const candidate = [...current, name];
    if (
      current.length > 0 &&
      (candidate.length > COMPOSITE_MAX_ALARMS || anyInAlarm(candidate).length > COMPOSITE_RULE_MAX_LENGTH)
    ) {
      groups.push(current);
      current = [name];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export interface HealthAlarmProps {
  /** `ObservabilityNames.regionHealthAlarm(region)`. */
  readonly name: string;
  readonly region: string;
  /** Names of the metric alarms it summarises; each must be created in the same stack. */
  readonly alarmNames: readonly string[];
  /** Topics notified when it fires and recovers (the region's alerts topic first). */
  readonly actions: readonly string[];
}

/**
 * "This region is unhealthy": a composite alarm in ALARM while any of the region's alarms is. PutCompositeAlarm fails
 * when an alarm its rule names does not exist yet, so it depends on every one of them (all in this stack). Past 100
 * alarms (or the rule's length limit) the alarms are split into parts (`<name>-part-<n>`, composite alarms too) and the
 * health alarm covers the parts.
 */
export class HealthAlarm extends Construct {
  readonly alarm: CloudwatchCompositeAlarm;

  constructor(scope: Construct, id: string, props: HealthAlarmProps) {
    super(scope, id);
    const byName = new Map<string, CloudwatchMetricAlarm>();
    for (const child of TerraformStack.of(scope).node.findAll()) {
      if (child instanceof CloudwatchMetricAlarm && child.alarmNameInput !== undefined)
        byName.set(child.alarmNameInput, child);
    }
    const missing = props.alarmNames.filter((name) => !byName.has(name));
    if (missing.length > 0)
      throw new ValidationError(
        `the health alarm of ${props.region} names alarms its stack does not create: ${missing.join(', ')}`,
      );

    const common = { alarmActions: [...props.actions], okActions: [...props.actions], actionsEnabled: true };
    const groups = ruleGroups(props.alarmNames);
    if (groups.length <= 1) {
      this.alarm = new CloudwatchCompositeAlarm(this, 'alarm', {
        ...common,
        alarmName: props.name,
        alarmDescription: `${props.region} is unhealthy: at least one of its ${props.alarmNames.length} alarms is in ALARM`,
        alarmRule: groups.length === 0 ? 'FALSE' : anyInAlarm(groups[0]),
        dependsOn: props.alarmNames.map((name) => byName.get(name)!),
      });
      return;
    }
    const partName = (index: number): string => `${props.name}-part-${index + 1}`;
    const parts = groups.map(
      (group, index) =>
        new CloudwatchCompositeAlarm(this, `part_${index + 1}`, {
          ...common,
          alarmName: partName(index),
          alarmDescription: `Part ${index + 1} of ${props.name}: ${group.length} alarms`,
          alarmRule: anyInAlarm(group),
          dependsOn: group.map((name) => byName.get(name)!),
        }),
    );
    this.alarm = new CloudwatchCompositeAlarm(this, 'alarm', {
      ...common,
      alarmName: props.name,
      alarmDescription: `${props.region} is unhealthy: at least one of its ${props.alarmNames.length} alarms is in ALARM`,
      alarmRule: anyInAlarm(groups.map((_group, index) => partName(index))),
      dependsOn: parts,
    });
  }
}
