/**
 * `npm test`: every part of the suite (scripts/lib/test-all.ts PARTS): the light ones side by side, each one's output
 * printed whole when it ends, then the heavy ones one after another, their output streamed. Then one line per part
 * and a closing `N passed, N failed` over all of them (jest tests, Terraform run blocks and validates, state-backend
 * checks, real-provider plan checks; typecheck, lint and the format check count one each). Exits 1 when anything
 * failed.
 */
import { spawn } from 'node:child_process';
import { summaryLine } from './lib/terraform-harness';
import { PARTS, tallyPart, type Part, type Tally } from './lib/test-all';
import { elapsedSeconds } from './lib/process';

/** Runs `npm run <script>`, streaming its output when `stream`; resolves with its exit code and output. */
function runPart(part: Part, stream: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', part.script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      if (stream) process.stdout.write(chunk);
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stream) process.stderr.write(chunk);
      chunks.push(chunk);
    });
    child.on('error', (error) => resolve({ code: 127, output: error.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

async function timed(part: Part, stream: boolean): Promise<{ part: Part; tally: Tally; seconds: number }> {
  const started = process.hrtime.bigint();
  const { code, output } = await runPart(part, stream);
  if (!stream) console.log(`\n== ${part.script} (exit ${code})\n${output.trimEnd()}`);
  return { part, tally: tallyPart(part, code, output), seconds: elapsedSeconds(started) };
}

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const results = await Promise.all(PARTS.filter((part) => !part.heavy).map((part) => timed(part, false)));
  for (const part of PARTS.filter((candidate) => candidate.heavy)) results.push(await timed(part, true));
  console.log('\n== npm test');
  for (const { part, tally, seconds } of results) {
    console.log(
      `   ${part.script.padEnd(15)} ${summaryLine(tally.passed, tally.failed).padEnd(22)} ${seconds
        .toFixed(1)
        .padStart(6)} s`,
    );
  }
  const passed = results.reduce((sum, result) => sum + result.tally.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.tally.failed, 0);
  console.log(`   wall time ${elapsedSeconds(started).toFixed(1)} s (the light parts side by side)`);
  console.log(summaryLine(passed, failed));
  return failed === 0 ? 0 : 1;
}

void main().then((code) => {
  process.exitCode = code;
});
