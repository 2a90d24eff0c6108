// The framework examples (examples/react, examples/vue, examples/angular): each its own npm project with its own lock
// file and toolchain, like a portal developer's app. `npm test` builds them after the packages (scripts/test.mjs),
// so the e2e files (tests/embed-*.test.mjs) spend their time on the visit. Node built-ins only.
//
//   node scripts/lib/examples.mjs [react|vue|angular …]   install (once) and build, printing the times
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.mjs';

/** The framework examples. */
export const EXAMPLES = /** @type {const} */ (['react', 'vue', 'angular']);

/** Where each example's build lands. */
const OUTPUT = { react: 'dist', vue: 'dist', angular: 'dist/browser' };

/**
 * Runs `npm` in `dir`; rejects with the command's output when it fails.
 * @param {string} dir
 * @param {string[]} args
 */
function npm(dir, args) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`npm ${args.join(' ')} in ${dir} failed (${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/**
 * Installs (from its lock file, when it has no node_modules yet) and builds `examples/<name>`, as its README says.
 * Needs the packages built (`npm run build`): the examples link ../../packages/*.
 * @param {'react' | 'vue' | 'angular'} name
 * @returns {Promise<{ dir: string, installMs: number, buildMs: number }>}
 */
export async function buildExample(name) {
  const dir = join(ROOT, 'examples', name);
  const started = Date.now();
  if (!existsSync(join(dir, 'node_modules'))) await npm(dir, ['ci', '--no-audit', '--no-fund']);
  const built = Date.now();
  await npm(dir, ['run', 'build']);
  return { dir: join(dir, OUTPUT[name]), installMs: built - started, buildMs: Date.now() - built };
}

/**
 * The build output of `examples/<name>`, building it first when it has none yet (`npm test` built it already).
 * @param {'react' | 'vue' | 'angular'} name
 */
export async function builtExample(name) {
  const dir = join(ROOT, 'examples', name, OUTPUT[name]);
  if (existsSync(join(dir, 'index.html'))) return { dir, installMs: 0, buildMs: 0 };
  return buildExample(name);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : EXAMPLES;
  for (const name of names) {
    const built = await buildExample(/** @type {'react' | 'vue' | 'angular'} */ (name));
    console.log(
      `examples/${name}: install ${(built.installMs / 1000).toFixed(1)}s, build ${(built.buildMs / 1000).toFixed(1)}s`,
    );
  }
}
