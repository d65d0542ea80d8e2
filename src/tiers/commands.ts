import type { BaseConfig } from '../base/config';

/** Named in the commands when the config was not read from a file (a config built in code). */
export const UNKNOWN_CONFIG_SOURCE = 'path/to/your-config.yaml';

/** `word` as one shell word: quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/**
 * The runbooks' commands, every one bound to the config the runbook was made from: a bare `npx cdktf` would
 * synthesize and deploy the embedded default instead.
 */
export class Commands {
  readonly configFile: string;

  constructor(config: Pick<BaseConfig, 'source'>) {
    this.configFile = config.source ?? UNKNOWN_CONFIG_SOURCE;
  }

  cdktf(args: string): string {
    return `INFRA_CONFIG=${shellWord(this.configFile)} npx cdktf ${args}`;
  }

  synth(): string {
    return this.cdktf('synth');
  }

  diff(stack: string): string {
    return this.cdktf(`diff ${stack}`);
  }

  /**
   * A subset of stacks: cdktf refuses one whose dependencies are not listed unless told, and then runs the
   * listed stacks at once unless held to one at a time, in the order given.
   */
  deploy(stacks: readonly string[]): string {
    return this.cdktf(`deploy --ignore-missing-stack-dependencies --parallelism 1 ${stacks.join(' ')}`);
  }

  /** `region` must be up: the call goes to that region's STS endpoint. */
  account(region: string): string {
    return `ACCOUNT_ID=$(aws sts get-caller-identity --region ${region} --query Account --output text)`;
  }
}

/** The state of a metric alarm (`OK`, `ALARM`, `INSUFFICIENT_DATA`). */
export function alarmState(region: string, alarm: string): string {
  return `aws cloudwatch describe-alarms --region ${region} --alarm-names ${alarm} --query 'MetricAlarms[0].StateValue' --output text`;
}

/** The state of a composite alarm. */
export function compositeAlarmState(region: string, alarm: string): string {
  return `aws cloudwatch describe-alarms --region ${region} --alarm-types CompositeAlarm --alarm-names ${alarm} --query 'CompositeAlarms[0].StateValue' --output text`;
}

/** Every alarm whose name starts with `prefix` that is not OK (none expected). */
export function alarmsNotOk(region: string, prefix: string): string {
  return `aws cloudwatch describe-alarms --region ${region} --alarm-name-prefix ${prefix} --query "MetricAlarms[?StateValue!='OK'].[AlarmName,StateValue]" --output text`;
}
