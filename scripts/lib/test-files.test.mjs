import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { browserTestFiles, e2eTestFiles, nodeTestFiles } from './test-files.mjs';

const root = mkdtempSync(join(tmpdir(), 'visitkit-files-'));
after(() => rmSync(root, { recursive: true, force: true }));
for (const file of [
  'packages/core/src/visit-client.test.ts',
  'packages/core/src/protocol/visit.test.ts',
  'packages/core/src/visit-client.ts',
  'packages/elements/src/components/vk-timer/vk-timer.test.ts',
  'packages/elements/node_modules/x/y.test.ts',
  'packages/server-adapter/src/handler.test.ts',
  'packages/server-adapter/dist/handler.test.ts',
  'examples/portal/src/db.test.ts',
  'examples/portal/node_modules/dep/a.test.ts',
  'scripts/lib/x.test.mjs',
  'tests/smoke.test.mjs',
  'tests/browser/msw.test.ts',
  'tests/support/browser.mjs',
]) {
  mkdirSync(join(root, dirname(file)), { recursive: true });
  writeFileSync(join(root, file), '');
}

test('node suite: server adapter, protocol, portal and scripts tests, never node_modules or dist', () => {
  assert.deepEqual(nodeTestFiles(root), [
    'packages/server-adapter/src/handler.test.ts',
    'packages/core/src/protocol/visit.test.ts',
    'examples/portal/src/db.test.ts',
    'scripts/lib/x.test.mjs',
  ]);
});

test('browser suite: core (not protocol), elements and tests/browser', () => {
  assert.deepEqual(browserTestFiles(root), [
    'packages/core/src/visit-client.test.ts',
    'packages/elements/src/components/vk-timer/vk-timer.test.ts',
    'tests/browser/msw.test.ts',
  ]);
});

test('e2e suite: tests/**/*.test.mjs', () => {
  assert.deepEqual(e2eTestFiles(root), ['tests/smoke.test.mjs']);
});
