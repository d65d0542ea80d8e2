import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The figures of the run recorded in docs/test-run.md, from its table (`| jest tests | 792 passed, 0 failed |`). */
function recorded(): Record<string, string> {
  const rows = [...read('docs/test-run.md').matchAll(/^\| ([a-z -]+) \| ([\d,.]+) /gm)];
  return Object.fromEntries(rows.map(([, name, value]) => [name.trim(), value]));
}

describe("the README's test figures", () => {
  it('are those of the run recorded in docs/test-run.md', () => {
    const figures = recorded();
    const sentence =
      /^The latest run recorded in the repo, \[docs\/test-run\.md\]\(docs\/test-run\.md\): ([\d,]+) jest tests, ([\d,]+) Terraform run blocks, ([\d,]+) stacks validated, ([\d,]+) state-backend checks, ([\d,]+) real-provider plan checks; `CI=true bash \.ci\/run` took ([\d,.]+) s wall \(jest ([\d,.]+) s, `test:terraform` ([\d,.]+) s, `test:real-plan` ([\d,.]+) s\)\.$/m.exec(
        read('README.md').replace(/(?<=\S)\n(?=\S)/g, ' '),
      );
    expect(sentence).not.toBeNull();
    const [, jest, blocks, validated, state, realPlan, wall, jestSeconds, terraformSeconds, realPlanSeconds] =
      sentence!;
    expect({ jest, blocks, validated, state, realPlan, wall, jestSeconds, terraformSeconds, realPlanSeconds }).toEqual({
      jest: figures['jest tests'],
      blocks: figures['terraform run blocks'],
      validated: figures['stacks validated'],
      state: figures['state-backend checks'],
      realPlan: figures['real-plan checks'],
      wall: figures['ci run wall seconds'],
      jestSeconds: figures['jest seconds'],
      terraformSeconds: figures['test terraform seconds'],
      realPlanSeconds: figures['real-plan seconds'],
    });
  });
});
