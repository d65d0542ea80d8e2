/** Pure logic of `scripts/test-all.ts` (`npm test`): what each part of the suite counts, read from its output. */

export interface Part {
  /** The npm script that runs it. */
  readonly script: string;
  /** How its output is counted: a pass/fail check, jest's `Tests:` line, or a closing `N passed, N failed` line. */
  readonly counts: 'exit-code' | 'jest' | 'summary-line';
  /** Keeps both cores busy on its own (two jest workers, two Terraform processes at a time). */
  readonly heavy?: boolean;
}

/**
 * The parts of `npm test`. Every part runs, whatever another one found. The light ones (one core each at most) run
 * side by side first; then the heavy ones one after another: each already keeps both cores busy, and with two at
 * a time `npm test` took longer when measured at ed60fa9 (540 s, against 481-520 s in turn) and a little more CPU time.
 */
export const PARTS: readonly Part[] = [
  { script: 'typecheck', counts: 'exit-code' },
  { script: 'lint', counts: 'exit-code' },
  { script: 'format:check', counts: 'exit-code' },
  { script: 'test:state', counts: 'summary-line' },
  { script: 'test:unit', counts: 'jest', heavy: true },
  { script: 'test:terraform', counts: 'summary-line', heavy: true },
  { script: 'test:real-plan', counts: 'summary-line', heavy: true },
];

export interface Tally {
  readonly passed: number;
  readonly failed: number;
}

const stripColours = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * What a part passed and failed, from its exit code and output. A part that exits non-zero without a failure in its
 * counts (a crash, a compile error in jest, a summary never printed) counts one more failure, so it is never
 * "0 failed".
 */
export function tallyPart(part: Part, code: number, output: string): Tally {
  const text = stripColours(output);
  let tally: Tally | undefined;
  if (part.counts === 'exit-code') {
    tally = code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  } else if (part.counts === 'jest') {
    const line = [...text.matchAll(/^Tests:\s+(.*)$/gm)].pop()?.[1];
    if (line)
      tally = {
        passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0),
        failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0),
      };
  } else {
    const match = [...text.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
    if (match) tally = { passed: Number(match[1]), failed: Number(match[2]) };
  }
  tally ??= { passed: 0, failed: 0 };
  return code !== 0 && tally.failed === 0 ? { ...tally, failed: tally.failed + 1 } : tally;
}
