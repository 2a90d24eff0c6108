// A @web/test-runner reporter that counts tests and writes the totals where scripts/test.mjs reads them
// (the default reporter's output is for people, not for parsing). Used by web-test-runner.config.mjs.
import { writeFileSync } from 'node:fs';

function countSuite(suite, totals) {
  if (!suite) return;
  for (const test of suite.tests) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites) countSuite(child, totals);
}

/** Totals over the sessions of a run; a file that failed outside any test (load error, timeout) counts as one failure. */
export function countSessions(sessions) {
  const totals = { passed: 0, failed: 0, skipped: 0, files: sessions.length, fileErrors: [] };
  for (const session of sessions) {
    const before = totals.failed;
    countSuite(session.testResults, totals);
    if (session.passed === false && totals.failed === before) {
      totals.failed += 1;
      totals.fileErrors.push(session.testFile);
    }
  }
  return totals;
}

/**
 * @param {{ outputFile?: string }} [options] where to write `{passed, failed, skipped, files}` as JSON
 * @returns {import('@web/test-runner').Reporter}
 */
export function summaryReporter({ outputFile = process.env.VISITKIT_WTR_SUMMARY } = {}) {
  return {
    stop({ sessions }) {
      const totals = countSessions(sessions);
      if (outputFile) writeFileSync(outputFile, JSON.stringify(totals));
    },
  };
}
