import { PARTS, tallyPart } from '../../scripts/lib/test-all';

const part = (script: string) => PARTS.find((entry) => entry.script === script)!;

describe("npm test's closing count", () => {
  it('runs every part of the suite, the real-provider plans included', () => {
    expect(PARTS.map((entry) => entry.script)).toEqual([
      'typecheck',
      'lint',
      'format:check',
      'test:state',
      'test:unit',
      'test:terraform',
      'test:real-plan',
    ]);
  });

  it("reads jest's Tests line and each harness's closing line", () => {
    expect(tallyPart(part('test:unit'), 1, 'Tests:       2 failed, 790 passed, 792 total\n')).toEqual({
      passed: 790,
      failed: 2,
    });
    expect(
      tallyPart(part('test:terraform'), 0, 'total 456 passed, 0 failed run blocks\n481 passed, 0 failed\n'),
    ).toEqual({ passed: 481, failed: 0 });
    expect(tallyPart(part('typecheck'), 2, 'error TS2322')).toEqual({ passed: 0, failed: 1 });
  });

  it('counts a part that fails without a failure in its own count as failed', () => {
    expect(tallyPart(part('test:state'), 1, '13 passed, 0 failed\nError: crashed after the summary')).toEqual({
      passed: 13,
      failed: 1,
    });
    expect(tallyPart(part('test:unit'), 1, 'Test suite failed to run')).toEqual({ passed: 0, failed: 1 });
  });
});
