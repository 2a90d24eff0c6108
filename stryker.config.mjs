// Mutation testing (`npm run mutation`, not part of `npm test`: it takes tens of minutes on a busy machine).
// Mutates the rules a reviewer would call a bug if they broke — the wire contract, ledger and billing, grants,
// the enforcer's removal rule and the client's state machine — and runs only the fast node:test files that
// cover them, each file on its own (the tap runner; Node 20 prints TAP when not on a terminal), one mutant at a
// time per core. Scores and what survives: docs/testing.md "Mutation testing".
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: [
      'packages/core/src/protocol/protocol.test.ts',
      'packages/core/src/protocol/routes.test.ts',
      'packages/core/src/protocol/contract-rules.test.ts',
      'packages/core/src/*.node.test.ts',
      'packages/server-adapter/src/ledger.test.ts',
      'packages/server-adapter/src/grants.test.ts',
      'packages/server-adapter/src/intruders.test.ts',
      'packages/server-adapter/src/routes/token.test.ts',
    ],
    nodeArgs: ['--import', 'tsx', '--conditions=source', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  mutate: [
    'packages/core/src/protocol/visit.ts',
    'packages/core/src/protocol/control.ts',
    'packages/core/src/protocol/routes.ts',
    'packages/core/src/visit-state.ts',
    'packages/core/src/lifecycle.ts',
    'packages/server-adapter/src/ledger.ts',
    'packages/server-adapter/src/billing.ts',
    'packages/server-adapter/src/grants.ts',
    'packages/server-adapter/src/intruders.ts',
  ],
  ignorePatterns: ['dist', '.tools', '.visitkit', 'examples', 'tests', 'bench', 'docs', 'reports', '.stryker-tmp'],
  coverageAnalysis: 'perTest',
  // Re-runs only mutants whose code or covering tests changed since the last run (reports/ is not committed).
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  concurrency: 2,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;
