/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm run typecheck` type-checks once for the whole tree.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // One worker per core: jest's default (cores - 1) runs the files one at a time on the 2-core CI machine, where the
  // parent process only waits.
  maxWorkers: '100%',
  setupFiles: ['<rootDir>/__tests__/helpers/stack-traces.ts'],
};
