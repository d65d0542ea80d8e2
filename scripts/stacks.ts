/**
 * `npm run validate`, `npm run plan`, `npm run bootstrap`: Terraform over the synthesized stacks in dependency
 * order (scripts/lib/stacks.ts). Exit 0 when every stack passed, 1 when one failed, 2 for a missing prerequisite.
 */
import * as path from 'node:path';
import { PrerequisiteError, parseArgs, runStacks } from './lib/stacks';

async function main(): Promise<number> {
  try {
    const report = await runStacks(parseArgs(process.argv.slice(2)), path.resolve(__dirname, '..'), process.env, {
      log: (line) => console.log(line),
    });
    return report.code;
  } catch (error) {
    if (!(error instanceof PrerequisiteError)) throw error;
    console.error(error.message);
    return 2;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
