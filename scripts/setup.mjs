// Set-up that `npm start`, `npm test` and `npm run bench` run first. Node built-ins only, because it is
// what installs everything else. When everything is already there it only looks at a few files.
//
//   node scripts/setup.mjs [--no-browser] [--no-livekit] [--no-postgres] [--no-redis]
//
// Steps (after making sure Node ≥ 22 runs it: scripts/lib/node-runtime.mjs): npm dependencies → Chromium → PostgreSQL
// server binaries (tests start a throw-away server; the portal itself runs on embedded PGlite) → Redis (the LiveKit
// cluster) → livekit-server v1.13.5 (or an external server from LIVEKIT_URL).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { externalLiveKitFromEnv } from './lib/livekit-server.mjs';
import { runOnSupportedNode } from './lib/node-runtime.mjs';
import { findPostgresBin } from './lib/postgres.mjs';
import { findRedisBinary } from './lib/redis.mjs';
import { findChromium, findLiveKitBinary, LIVEKIT_VERSION, ROOT, TOOLS_BIN, TOOLS_DIR, which } from './lib/paths.mjs';

const LIVEKIT_MODULE = 'github.com/livekit/livekit-server/cmd/server';

/** A set-up step that failed: `step` says what, `hint` says what to do about it. */
export class SetupError extends Error {
  constructor(step, message, hint) {
    super(`${step}: ${message}`);
    this.name = 'SetupError';
    this.step = step;
    this.hint = hint;
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)}s`;

function log(line) {
  process.stdout.write(`setup: ${line}\n`);
}

/**
 * Runs a command, streaming its output, printing a heartbeat line every `heartbeatMs` while it runs.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, heartbeat?: string, heartbeatMs?: number }} [options]
 * @returns {Promise<void>}
 */
function run(command, args, { env = process.env, cwd = ROOT, heartbeat, heartbeatMs = 15_000 } = {}) {
  return new Promise((resolveRun, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = heartbeat
      ? setInterval(() => log(`${heartbeat} … ${seconds(Date.now() - started)}`), heartbeatMs)
      : undefined;
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (code === 0) resolveRun();
      else reject(new Error(`\`${command} ${args.join(' ')}\` exited with ${signal ?? `code ${code}`}`));
    });
  });
}

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Whether node_modules matches package-lock.json. npm leaves `node_modules/.package-lock.json` behind after an
 * install; when the lock file is newer, compare the installed versions before deciding to reinstall
 * (npm sometimes writes package-lock.json a moment after the hidden lock file).
 */
export function dependenciesInstalled(root = ROOT) {
  const lock = join(root, 'package-lock.json');
  const hidden = join(root, 'node_modules', '.package-lock.json');
  const hiddenTime = mtimeMs(hidden);
  if (hiddenTime === undefined) return false;
  const lockTime = mtimeMs(lock);
  if (lockTime === undefined || lockTime <= hiddenTime) return true;
  try {
    const wanted = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
    const installed = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
    for (const [path, entry] of Object.entries(wanted)) {
      if (!path.startsWith('node_modules/') || entry.optional) continue;
      if (installed[path]?.version !== entry.version) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function ensureDependencies() {
  if (dependenciesInstalled()) return 'already installed';
  log('installing npm dependencies (npm install) …');
  try {
    await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund'], {
      heartbeat: 'npm install still running',
    });
  } catch (error) {
    throw new SetupError(
      'npm dependencies',
      error.message,
      'Check network access to the npm registry, then run `npm install` in the repository root.',
    );
  }
  return 'installed';
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Installs a Debian package with apt-get when we are root on Debian; resolves false when we cannot (not root,
 * not Debian), throws a SetupError with `hint` when apt-get fails.
 */
async function aptInstall(stepName, pkg, hint) {
  if (!isRoot() || !existsSync('/etc/debian_version') || !which('apt-get')) return false;
  log(`${stepName} not found: installing it with apt-get (apt-get update && apt-get install -y ${pkg}) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update'], { env, heartbeat: 'apt-get update still running' });
    await run('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
      env,
      heartbeat: 'apt-get install still running',
    });
  } catch (error) {
    throw new SetupError(stepName, error.message, hint);
  }
  return true;
}

async function ensureChromium() {
  if (process.env.CHROME_PATH && !existsSync(process.env.CHROME_PATH)) {
    throw new SetupError(
      'Chromium',
      `CHROME_PATH=${process.env.CHROME_PATH} does not exist`,
      'Point CHROME_PATH at a Chromium or Chrome executable, or unset it.',
    );
  }
  const found = findChromium();
  if (found) return found;
  if (
    await aptInstall(
      'Chromium',
      'chromium',
      'Install Chromium yourself (`apt-get install -y chromium`) or set CHROME_PATH to a Chrome/Chromium executable.',
    )
  ) {
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new SetupError(
    'Chromium',
    'no chromium, chromium-browser, google-chrome or chrome on PATH',
    'Install Chromium (Debian/Ubuntu as root: `apt-get install -y chromium`) or set CHROME_PATH to a Chrome/Chromium executable. `--no-browser` skips this step when you only need `npm start`.',
  );
}

/** PostgreSQL's server binaries (tests and benches start their own server); Debian's package as root when missing. */
async function ensurePostgres() {
  const found = findPostgresBin();
  if (found) return found;
  if (
    await aptInstall(
      'PostgreSQL',
      'postgresql',
      'Install PostgreSQL yourself (`apt-get install -y postgresql`) or set POSTGRES_BIN to its bin folder (with initdb and postgres).',
    )
  ) {
    const installed = findPostgresBin();
    if (installed) return installed;
  }
  throw new SetupError(
    'PostgreSQL',
    'no initdb/postgres in /usr/lib/postgresql/*/bin, POSTGRES_BIN or on PATH',
    'Install PostgreSQL (Debian/Ubuntu as root: `apt-get install -y postgresql`) or set POSTGRES_BIN to its bin folder. `--no-postgres` skips this step (npm start needs no server: it runs on embedded PGlite).',
  );
}

/** Redis for the LiveKit cluster (`npm start -- --cluster`, the cluster tests); Debian's package as root when missing. */
async function ensureRedis() {
  const found = findRedisBinary();
  if (found) return found;
  if (
    await aptInstall(
      'Redis',
      'redis-server',
      'Install Redis yourself (`apt-get install -y redis-server`) or set REDIS_SERVER_BIN to a redis-server executable.',
    )
  ) {
    const installed = findRedisBinary();
    if (installed) return installed;
  }
  throw new SetupError(
    'Redis',
    'no redis-server on PATH or in REDIS_SERVER_BIN',
    'Install Redis (Debian/Ubuntu as root: `apt-get install -y redis-server`) or set REDIS_SERVER_BIN. `--no-redis` skips this step (only the cluster needs it).',
  );
}

/**
 * The version a livekit-server binary reports. Cached next to the tools folder by path, size and mtime
 * so that set-up does not start a 75 MB binary on every run.
 */
function liveKitVersion(binary) {
  const stat = statSync(binary);
  const key = `${binary}\n${stat.size}\n${stat.mtimeMs}`;
  const stampFile = join(TOOLS_DIR, 'livekit-server.version');
  try {
    const [cachedKey, version] = readFileSync(stampFile, 'utf8').split('\n=');
    if (cachedKey === key && version) return version.trim();
  } catch {
    /* no stamp yet */
  }
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  const version = /version\s+(\S+)/.exec(`${result.stdout}${result.stderr}`)?.[1];
  if (!version) return undefined;
  try {
    mkdirSync(TOOLS_DIR, { recursive: true });
    writeFileSync(stampFile, `${key}\n=${version}\n`);
  } catch {
    /* read-only checkout: just check again next time */
  }
  return version;
}

async function buildLiveKit() {
  const go = which('go');
  if (!go) {
    throw new SetupError(
      'livekit-server',
      `livekit-server v${LIVEKIT_VERSION} is not installed and Go is not available to build it`,
      [
        'Either install Go (https://go.dev/dl/) and run set-up again — it builds LiveKit with',
        `  CGO_ENABLED=0 go install ${LIVEKIT_MODULE}@v${LIVEKIT_VERSION}`,
        `or put a livekit-server v${LIVEKIT_VERSION} binary on PATH (https://docs.livekit.io/home/self-hosting/local/),`,
        'or use a running LiveKit server: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.',
      ].join('\n'),
    );
  }
  mkdirSync(TOOLS_BIN, { recursive: true });
  // Build into a fresh folder and rename at the end, so nobody ever runs a half-written binary.
  const gobin = mkdtempSync(join(TOOLS_DIR, 'gobin-'));
  log(`building livekit-server v${LIVEKIT_VERSION} with Go (first time only; a few minutes on 2 cores) …`);
  const started = Date.now();
  try {
    await run(go, ['install', `${LIVEKIT_MODULE}@v${LIVEKIT_VERSION}`], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin },
      heartbeat: 'go install livekit-server still running',
    });
    renameSync(join(gobin, 'server'), join(TOOLS_BIN, 'livekit-server'));
  } catch (error) {
    throw new SetupError(
      'livekit-server',
      `building with Go failed (${error.message})`,
      'The Go module proxy must be reachable (or the modules cached). See the output above; or install livekit-server yourself, or set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.',
    );
  } finally {
    rmSync(gobin, { recursive: true, force: true });
  }
  log(`built livekit-server in ${seconds(Date.now() - started)}`);
  return join(TOOLS_BIN, 'livekit-server');
}

async function ensureLiveKit() {
  let external;
  try {
    external = externalLiveKitFromEnv();
  } catch (error) {
    throw new SetupError(
      'livekit-server',
      error.message,
      'Set all three of LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, or none.',
    );
  }
  if (external) return { external: true, url: external.url };
  const found = findLiveKitBinary();
  if (found) {
    const version = liveKitVersion(found);
    if (version === LIVEKIT_VERSION) return { external: false, binary: found };
    log(
      `${found} is livekit-server ${version ?? '(unknown version)'}, not v${LIVEKIT_VERSION}: building the pinned version`,
    );
  }
  return { external: false, binary: await buildLiveKit() };
}

async function step(name, action) {
  const started = Date.now();
  const result = await action();
  log(`${name}: ${result.summary} (${seconds(Date.now() - started)})`);
  return result.value;
}

/**
 * Makes sure everything `npm start` / `npm test` need is there, installing what is missing.
 *
 * @param {{ browser?: boolean, livekit?: boolean, postgres?: boolean, redis?: boolean }} [options] skip Chromium, LiveKit, PostgreSQL or Redis when not needed
 * @returns {Promise<{ chromium?: string, postgres?: string, redis?: string, livekit?: { external: boolean, binary?: string, url?: string } }>}
 * @throws {SetupError} with `step` and `hint` when a step fails
 * @example
 * import { setup } from './setup.mjs';
 * await setup({ browser: false }); // npm start needs no Chromium
 */
export async function setup({ browser = true, livekit = true, postgres = true, redis = true } = {}) {
  const started = Date.now();
  const result = {};
  await step('npm dependencies', async () => ({ summary: await ensureDependencies() }));
  if (browser) {
    result.chromium = await step('Chromium', async () => {
      const path = await ensureChromium();
      return { summary: path, value: path };
    });
  }
  if (postgres) {
    result.postgres = await step('PostgreSQL', async () => {
      const bin = await ensurePostgres();
      return { summary: bin, value: bin };
    });
  }
  if (redis) {
    result.redis = await step('Redis', async () => {
      const binary = await ensureRedis();
      return { summary: binary, value: binary };
    });
  }
  if (livekit) {
    result.livekit = await step('livekit-server', async () => {
      const found = await ensureLiveKit();
      return {
        summary: found.external ? `external server ${found.url} (LIVEKIT_URL)` : `v${LIVEKIT_VERSION} ${found.binary}`,
        value: found,
      };
    });
  }
  log(`done in ${seconds(Date.now() - started)}`);
  return result;
}

/** Prints a failed set-up the way a person can act on. */
export function reportSetupError(error) {
  if (error instanceof SetupError) {
    process.stderr.write(`\nsetup FAILED at step "${error.step}": ${error.message.slice(error.step.length + 2)}\n`);
    if (error.hint) process.stderr.write(`What to do:\n${error.hint.replace(/^/gm, '  ')}\n`);
  } else {
    process.stderr.write(`\nsetup FAILED: ${error?.stack ?? error}\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = new Set(process.argv.slice(2));
  for (const arg of args) {
    if (!['--no-browser', '--no-livekit', '--no-postgres', '--no-redis'].includes(arg)) {
      process.stderr.write(
        `setup: unknown option ${arg}\nusage: node scripts/setup.mjs [--no-browser] [--no-livekit] [--no-postgres] [--no-redis]\n`,
      );
      process.exit(2);
    }
  }
  await runOnSupportedNode();
  try {
    await setup({
      browser: !args.has('--no-browser'),
      livekit: !args.has('--no-livekit'),
      postgres: !args.has('--no-postgres'),
      redis: !args.has('--no-redis'),
    });
  } catch (error) {
    reportSetupError(error);
    process.exit(1);
  }
}
