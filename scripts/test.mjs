// `npm test`: set-up, build, then the checks — lint, the type-check of everything, the API report — and the suites
// in order: node, browser, e2e, and the node suite again on the oldest supported Node (node22). A failed check stops
// the run (its message says how to fix it); a failed suite fails it. Runs on Node ≥ 22: an older Node fetches one
// first (scripts/lib/node-runtime.mjs).
//
//   node scripts/test.mjs                  everything
//   node scripts/test.mjs checks           only the checks (lint, typecheck, API report) after set-up and build
//   node scripts/test.mjs node|browser|e2e|node22  one suite (`node` skips the build; `unit` is an alias of `node`)
//   node scripts/test.mjs e2e tests/smoke.test.mjs   one suite, only the given files
//   node scripts/test.mjs browser --no-build …        skip the build (you just built)
//
// A single suite skips the checks: run them with `npm run lint`, `npm run typecheck` and `node scripts/api-report.mjs`.
// Each check and suite prints its duration and totals; the last line is always `N passed, N failed` (CI reads it).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureNode, envWithNode, OLDEST_NODE_VERSION, runOnSupportedNode } from './lib/node-runtime.mjs';
import { ROOT } from './lib/paths.mjs';
import { buildExample, EXAMPLES } from './lib/examples.mjs';
import { browserTestFiles, e2eTestFiles, nodeTestFiles } from './lib/test-files.mjs';
import { reportSetupError, setup } from './setup.mjs';

const SUITES = ['node', 'browser', 'e2e', 'node22'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The checks before the suites, in order. They read the built declarations (each package's `types` export points
 * at dist/), so they run after the build. `fix` is printed when the check fails.
 * @type {{ name: string, title: string, command: string, args: string[], fix: string }[]}
 */
const CHECKS = [
  {
    name: 'lint',
    // Without ESLint's cache: a cached file is not re-linted when a type it uses changes in another file.
    title: 'lint (npm run lint:ci: ESLint without its cache, then prettier --check)',
    command: npm,
    args: ['run', '--silent', 'lint:ci'],
    fix: '`npm run format` fixes the layout and what ESLint can fix; fix the remaining errors by hand (eslint.config.js says why each rule is on).',
  },
  {
    name: 'typecheck',
    title: 'typecheck (npm run typecheck: tsc -b over tsconfig.json)',
    command: npm,
    args: ['run', '--silent', 'typecheck'],
    fix: 'fix the type errors above; .mjs files are checked from their JSDoc (tsconfig.scripts.json).',
  },
  {
    name: 'api',
    title: 'API report (node scripts/api-report.mjs)',
    command: process.execPath,
    args: [join(ROOT, 'scripts', 'api-report.mjs')],
    fix: 'an intended public API change: `npm run api` and commit packages/*/api and custom-elements.json.',
  },
];
const ALIASES = { unit: 'node' };

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

let current; // the child process running right now
let interrupted = false;
// Ctrl-C reaches the whole foreground process group anyway; a signal sent to this process alone (CI cancelling
// a job) is passed on, so the running suite stops its LiveKit server and browsers before we exit.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true;
    if (!current) process.exit(signal === 'SIGINT' ? 130 : 143);
    current.kill(signal);
  });
}

function run(command, args, env = process.env) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env });
    current = child;
    child.on('exit', () => {
      if (current === child) current = undefined;
    });
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolveRun(1);
    });
    child.on('exit', (code, signal) => resolveRun(code ?? (signal ? 1 : 0)));
  });
}

/** Totals from node:test's TAP summary (`# pass N`, …). */
function parseTap(file) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const totals = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  return Number.isNaN(totals.passed) || Number.isNaN(totals.failed) ? undefined : totals;
}

async function nodeTestRun(name, files, nodeArgs, node = process.execPath, env = process.env) {
  const dir = mkdtempSync(join(tmpdir(), `visitkit-${name}-`));
  const tap = join(dir, 'report.tap');
  try {
    const code = await run(
      node,
      [
        ...nodeArgs,
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      env,
    );
    return { code, totals: parseTap(tap) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NODE_SUITE_ARGS = ['--import', 'tsx', '--conditions=source', '--test-timeout=120000'];

const suites = {
  node: {
    files: nodeTestFiles,
    // TypeScript straight from the sources (`source` export condition) through tsx.
    run: (files) => nodeTestRun('node', files, NODE_SUITE_ARGS),
  },
  node22: {
    files: nodeTestFiles,
    // The node suite on the oldest supported LTS line, so a portal on it meets no surprise. Fetched like the
    // current Node (scripts/lib/node-runtime.mjs); skipped when this already is a Node 22.
    async run(files) {
      if (process.versions.node.split('.')[0] === OLDEST_NODE_VERSION.split('.')[0]) {
        console.log(`node22: this is Node ${process.versions.node} already — the node suite above ran on it`);
        return { code: 0, totals: { passed: 0, failed: 0, skipped: 0 } };
      }
      let node;
      try {
        node = ensureNode(OLDEST_NODE_VERSION);
      } catch (error) {
        console.error(
          `node22: could not fetch Node ${OLDEST_NODE_VERSION}: ${error instanceof Error ? error.message : error}`,
        );
        return { code: 1, totals: undefined };
      }
      // Node 22's runner applies --test-timeout to each test *file* as a whole too (Node 24 only to each test): the
      // doc tests' type-check alone takes minutes on a busy machine, so a file gets 10 minutes here.
      const args = NODE_SUITE_ARGS.map((arg) => (arg.startsWith('--test-timeout=') ? '--test-timeout=600000' : arg));
      return nodeTestRun('node22', files, args, node, envWithNode(node));
    },
  },
  browser: {
    files: browserTestFiles,
    async run(files) {
      const dir = mkdtempSync(join(tmpdir(), 'visitkit-browser-'));
      const summary = join(dir, 'summary.json');
      try {
        const bin = join(ROOT, 'node_modules/@web/test-runner/dist/bin.js');
        const code = await run(process.execPath, [bin, '--config', 'web-test-runner.config.mjs'], {
          ...process.env,
          VISITKIT_WTR_FILES: files.join(','),
          VISITKIT_WTR_SUMMARY: summary,
        });
        let totals;
        try {
          totals = JSON.parse(readFileSync(summary, 'utf8'));
        } catch {
          totals = undefined;
        }
        return { code, totals };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  e2e: {
    files: e2eTestFiles,
    // Several browsers per test on 2 cores: one file at a time. Against the *built* packages (no `source` condition).
    run: (files) => nodeTestRun('e2e', files, ['--import', 'tsx', '--test-concurrency=1', '--test-timeout=300000']),
  },
};

/** Points at the LiveKit logs this suite wrote (files in .visitkit/logs/ changed since it started). */
function printLiveKitLogs(sinceMs) {
  const dir = join(ROOT, '.visitkit', 'logs');
  let logs = [];
  try {
    logs = readdirSync(dir).filter((f) => f.endsWith('.log') && statSync(join(dir, f)).mtimeMs >= sinceMs);
  } catch {
    /* none written */
  }
  console.log(
    `LiveKit server logs: ${relative(process.cwd(), dir) || '.'}/ ${logs.length ? `(written by this suite: ${logs.join(', ')})` : ''}`,
  );
}

async function runSuite(name, only) {
  const files = only.length > 0 ? only : suites[name].files();
  console.log(`\n━━ ${name} suite: ${files.length} test file${files.length === 1 ? '' : 's'} ━━`);
  if (files.length === 0) {
    console.log(`${name}: ran NOTHING — no test files matched (see scripts/lib/test-files.mjs)`);
    return { name, passed: 0, failed: 0, skipped: 0, ms: 0, ok: true, empty: true };
  }
  const started = Date.now();
  const { code, totals } = await suites[name].run(files);
  const ms = Date.now() - started;
  const result = { name, passed: 0, failed: 0, skipped: 0, ...totals, ms, ok: code === 0 };
  if (!totals) {
    console.log(`${name}: no totals could be read from the runner`);
    if (code === 0) result.ok = false;
  }
  // A runner that failed without a failed test (crash, config error) still counts as one failure.
  if (!result.ok && result.failed === 0) result.failed = 1;
  console.log(
    `${name}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped in ${seconds(ms)}${result.ok ? '' : ' — FAILED'}`,
  );
  if (!result.ok) printLiveKitLogs(started);
  return result;
}

async function main() {
  const argv = process.argv.slice(2);
  const build = !argv.includes('--no-build');
  const [first, ...rest] = argv.filter((arg) => arg !== '--no-build');
  const chosen = first ? (ALIASES[first] ?? first) : undefined;
  if (chosen && !SUITES.includes(chosen) && chosen !== 'checks') {
    console.error(`usage: node scripts/test.mjs [checks|${SUITES.join('|')}] [files…]`);
    return 2;
  }
  const onlyChecks = chosen === 'checks';
  const withChecks = !chosen || onlyChecks;
  const selected = onlyChecks ? [] : chosen ? [chosen] : SUITES;
  const started = Date.now();

  try {
    // The node suite needs no browser; LiveKit is needed by integration tests in every suite.
    await setup({ browser: selected.some((s) => s === 'browser' || s === 'e2e') });
  } catch (error) {
    reportSetupError(error);
    console.log('\n0 passed, 1 failed');
    return 1;
  }

  if (build && (withChecks || selected.some((s) => s === 'browser' || s === 'e2e'))) {
    console.log('\n━━ build (npm run build) ━━');
    const buildStarted = Date.now();
    const code = await run(npm, ['run', '--silent', 'build']);
    console.log(`build: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds(Date.now() - buildStarted)}`);
    if (code !== 0 || interrupted) {
      console.log('The checks and the browser and e2e suites read the built packages: fix the build first.');
      console.log('\n0 passed, 1 failed');
      return 1;
    }
  }

  if (build && selected.includes('e2e')) {
    // The framework examples link the built packages; their own install + build stays out of the e2e files' time.
    console.log('\n━━ framework examples (npm ci once, npm run build) ━━');
    for (const name of EXAMPLES) {
      try {
        const built = await buildExample(name);
        console.log(`examples/${name}: install ${seconds(built.installMs)}, build ${seconds(built.buildMs)}`);
      } catch (error) {
        // Reported here; its e2e file fails on the missing build (and tries once more) and names the example.
        console.log(`examples/${name}: FAILED — ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** @type {{ name: string, passed: number, failed: number, skipped: number, ms: number, ok: boolean, empty?: boolean }[]} */
  const results = [];
  if (withChecks) {
    for (const check of CHECKS) {
      if (interrupted) break;
      console.log(`\n━━ ${check.title} ━━`);
      const checkStarted = Date.now();
      const ok = (await run(check.command, check.args)) === 0;
      const ms = Date.now() - checkStarted;
      console.log(`${check.name}: ${ok ? 'ok' : 'FAILED'} in ${seconds(ms)}`);
      results.push({ name: check.name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, ms, ok });
      if (!ok) {
        console.log(`\nThe ${check.name} check failed, so no suite ran. To fix: ${check.fix}`);
        console.log(`Re-run the checks alone with \`node scripts/test.mjs checks\`.`);
        break;
      }
    }
  }
  for (const name of results.every((r) => r.ok) ? selected : []) {
    if (interrupted) break;
    results.push(await runSuite(name, chosen ? rest : []));
  }
  if (interrupted) console.log('\ninterrupted: the remaining suites did not run');

  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`\n━━ summary (${seconds(Date.now() - started)}) ━━`);
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(8)} ${r.empty ? 'ran nothing (no test files)' : `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped, ${seconds(r.ms)}`}${r.ok ? '' : '  FAILED'}`,
    );
  }
  console.log(`${passed} passed, ${failed} failed`);
  return interrupted ? 130 : results.every((r) => r.ok) ? 0 : 1;
}

await runOnSupportedNode();
process.exitCode = await main();
