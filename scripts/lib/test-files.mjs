// Which files belong to which test suite. One place, read by scripts/test.mjs and web-test-runner.config.mjs.
// Node 20 has no fs.glob, so this is a small recursive walk. Node built-ins only.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from './paths.mjs';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.tools', '.visitkit', 'coverage', 'test-results']);

/** Files under `dir` (relative to `root`, with `/` separators) whose relative path satisfies `accept`, sorted. */
export function findFiles(dir, accept, root = ROOT) {
  const out = [];
  const walk = (current) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return; // the folder does not exist (yet)
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile()) {
        const rel = relative(root, path).split(sep).join('/');
        if (accept(rel)) out.push(rel);
      }
    }
  };
  walk(join(root, dir));
  return out.sort();
}

const isTs = (p) => p.endsWith('.test.ts');
const isTsOrMjs = (p) => p.endsWith('.test.ts') || p.endsWith('.test.mjs');
/** A core test that needs no browser: `*.node.test.ts` runs in the node suite. */
const isNodeOnly = (p) => p.endsWith('.node.test.ts') && !p.startsWith('packages/core/src/protocol/');

/** Node suite: `node --import tsx --conditions=source --test`. */
export function nodeTestFiles(root = ROOT) {
  return [
    ...findFiles('packages/server-adapter/src', isTsOrMjs, root),
    ...findFiles('packages/server-adapter/bin', isTsOrMjs, root),
    ...findFiles('packages/core/src/protocol', isTsOrMjs, root),
    // Pure core modules (the lifecycle) tested without a browser, fast enough for mutation testing.
    ...findFiles('packages/core/src', isNodeOnly, root),
    ...findFiles('examples/portal', isTsOrMjs, root),
    ...findFiles('scripts', (p) => p.endsWith('.test.mjs'), root),
  ];
}

/** Browser suite: @web/test-runner in headless Chromium. */
export function browserTestFiles(root = ROOT) {
  return [
    ...findFiles(
      'packages/core/src',
      (p) => isTs(p) && !isNodeOnly(p) && !p.startsWith('packages/core/src/protocol/'),
      root,
    ),
    ...findFiles('packages/elements/src', isTs, root),
    ...findFiles('tests/browser', isTs, root),
  ];
}

/** End-to-end suite: node:test + playwright-core against the real LiveKit server. */
export function e2eTestFiles(root = ROOT) {
  return findFiles(
    'tests',
    (p) => p.endsWith('.test.mjs') && !p.startsWith('tests/browser/') && !p.startsWith('tests/support/'),
    root,
  );
}
