/**
 * A synth-time refusal: the config, a construct's props or the synthesized result breaks a rule (an AWS limit, an
 * address collision, a quota). The message names what is wrong, the value and what is allowed. Config file errors are
 * `ConfigError`s (`src/config/load.ts`), which list every problem at once.
 */
export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}
