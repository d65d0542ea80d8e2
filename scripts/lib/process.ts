import { spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number;
  /** stdout and stderr interleaved as they arrived. */
  readonly output: string;
  readonly seconds: number;
}

/**
 * Runs a command without a shell and collects its output. Asynchronous on purpose: servers running in
 * this process (s3rver, dynalite) must keep answering while Terraform talks to them.
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutSeconds?: number },
): Promise<RunResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // A hung command must fail the run rather than eat CI's time limit; SIGTERM first so Terraform stops its providers.
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
    }, (options.timeoutSeconds ?? 900) * 1000);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const finish = (code: number, extra = ''): void => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') + extra, seconds: elapsedSeconds(started) });
    };
    child.on('error', (error) => finish(127, `\n${error.message}`));
    child.on('close', (code, signal) => finish(code ?? 1, signal ? `\nkilled by ${signal}` : ''));
  });
}

export function elapsedSeconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Indents `text` for showing a command's output under a report line. */
export function indent(text: string, prefix = '      | '): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** `1 stack`, `2 stacks`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
