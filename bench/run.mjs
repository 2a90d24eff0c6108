// `npm run bench [-- <name> [args…]]`: set-up, build, then every bench/<name>/run.mjs (or run.ts, through tsx),
// each in its own process, one after another. A bench prints a readable table and, as its LAST line, one JSON
// object with its figures and its target; this runner collects those lines into .visitkit/bench/<time>.json
// so results can be compared over time.
//
//   npm run bench                  all benches
//   npm run bench -- join          one bench
//   npm run bench -- join 5        one bench, extra arguments passed to it
//   npm run bench -- --no-build    skip the build (you just built)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runOnSupportedNode } from '../scripts/lib/node-runtime.mjs';
import { ROOT } from '../scripts/lib/paths.mjs';
import { reportSetupError, setup } from '../scripts/setup.mjs';

const BENCH_DIR = join(ROOT, 'bench');

/** `{ name, file }` for every bench folder with a run.mjs or run.ts. */
function benches() {
  return readdirSync(BENCH_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const file = ['run.mjs', 'run.ts'].map((f) => join(BENCH_DIR, entry.name, f)).find((f) => existsSync(f));
      return file ? { name: entry.name, file } : undefined;
    })
    .filter(Boolean)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs one bench, echoing its output, and returns its exit code and last JSON line. */
function runBench({ name, file }, args) {
  return new Promise((resolveRun) => {
    const nodeArgs = file.endsWith('.ts') ? ['--import', 'tsx', file, ...args] : [file, ...args];
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk;
    });
    child.on('exit', (code, signal) => {
      const lastLine = out.trimEnd().split('\n').at(-1) ?? '';
      let figures;
      try {
        figures = JSON.parse(lastLine);
      } catch {
        figures = undefined;
      }
      resolveRun({ name, code: code ?? (signal ? 1 : 0), figures });
    });
  });
}

/** "target met" / "target MISSED (…)" from a bench's `met`, `pass` or `ok` field (a boolean or booleans by name). */
function verdict(figures) {
  const value = figures.met ?? figures.pass ?? figures.ok;
  if (typeof value === 'boolean') return value ? 'target met' : 'target MISSED';
  if (value && typeof value === 'object') {
    const missed = Object.entries(value)
      .filter(([, ok]) => ok === false)
      .map(([name]) => name);
    return missed.length === 0 ? 'target met' : `target MISSED (${missed.join(', ')})`;
  }
  return 'ran (no met/pass verdict in its JSON)';
}

async function main() {
  const argv = process.argv.slice(2);
  const build = !argv.includes('--no-build');
  const [only, ...args] = argv.filter((arg) => arg !== '--no-build');
  const all = benches();
  const selected = only ? all.filter((b) => b.name === only) : all;
  if (only && selected.length === 0) {
    console.error(`no bench named "${only}" (have: ${all.map((b) => b.name).join(', ') || 'none'})`);
    return 2;
  }
  try {
    await setup();
  } catch (error) {
    reportSetupError(error);
    return 1;
  }
  if (build) console.log('\n━━ build (npm run build) ━━');
  const built =
    !build ||
    (await new Promise((resolveBuild) => {
      spawn('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' }).on('exit', (code) =>
        resolveBuild(code === 0),
      );
    }));
  if (!built) {
    console.error('build failed: benchmarks measure the built packages');
    return 1;
  }

  const results = [];
  for (const bench of selected) {
    console.log(`\n━━ bench ${bench.name} (${relative(ROOT, bench.file)}) ━━`);
    const started = Date.now();
    const result = await runBench(bench, args);
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
    results.push(result);
  }

  console.log('\n━━ benchmarks ━━');
  for (const r of results) {
    const status =
      r.code !== 0
        ? `FAILED (exit ${r.code})`
        : r.figures
          ? verdict(r.figures)
          : 'ran, but no JSON figures on its last line';
    console.log(`  ${r.name.padEnd(20)} ${status.padEnd(42)} ${r.seconds}s`);
  }
  const dir = join(ROOT, '.visitkit', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`figures saved to ${relative(ROOT, file)}`);
  return results.every((r) => r.code === 0) ? 0 : 1;
}

await runOnSupportedNode();
process.exitCode = await main();
