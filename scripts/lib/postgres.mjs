// PostgreSQL process manager for tests and benchmarks: a throw-away server in a temp data directory on a
// free loopback port, like scripts/lib/livekit-server.mjs does for LiveKit. PostgreSQL refuses to run as
// root, so as root the server runs as the `postgres` user (Debian's package creates it). It can be halted
// and resumed on the same port and data (outage tests), and is always stopped when this process exits.
// Node built-ins only.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './livekit-server.mjs';
import { ROOT, which } from './paths.mjs';
import { tail } from './processes.mjs';

/** The PostgreSQL server binaries folder: POSTGRES_BIN, Debian's /usr/lib/postgresql/<newest>/bin, then PATH. */
export function findPostgresBin() {
  const fromEnv = process.env.POSTGRES_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const debian = '/usr/lib/postgresql';
  try {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const bin = join(debian, version, 'bin');
      if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'))) return bin;
    }
  } catch {
    /* not Debian's layout */
  }
  const initdb = which('initdb');
  return initdb ? join(initdb, '..') : undefined;
}

/** uid/gid to run PostgreSQL as: the `postgres` user when we are root, else ourselves (undefined). */
function serverUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) {
    throw new Error(
      "PostgreSQL refuses to run as root and there is no `postgres` user (install Debian's `postgresql` package).",
    );
  }
  return { uid, gid };
}

const running = new Set();
let exitHooksInstalled = false;
function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // Synchronous: SIGQUIT (immediate shutdown) exactly the servers we started; their backends follow.
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGQUIT');
      } catch {
        /* already gone */
      }
    }
  });
}

/**
 * @typedef {object} PostgresServer
 * @property {string} url        postgres://postgres@127.0.0.1:<port>/postgres (trust auth, loopback only)
 * @property {number} port
 * @property {string} logFile
 * @property {string} dataDir
 * @property {number | undefined} pid  the running postmaster's process id
 * @property {() => Promise<void>} halt    stops the server (fast shutdown), keeping its data and port
 * @property {() => Promise<void>} resume  starts it again after `halt()`
 * @property {() => Promise<void>} stop    stops it and removes its data directory
 */

/**
 * Starts a PostgreSQL server in a fresh temp data directory on a free loopback port.
 *
 * @param {{ name?: string, timeoutMs?: number }} [options] `name` names the log `.visitkit/logs/postgres-<name>.log`
 * @returns {Promise<PostgresServer>}
 * @example
 * const pg = await startPostgres({ name: 'store' });
 * const pool = new (await import('pg')).default.Pool({ connectionString: pg.url });
 * await pg.stop();
 */
export async function startPostgres(options = {}) {
  const { name = 'test', timeoutMs = 60_000 } = options;
  const bin = findPostgresBin();
  if (!bin)
    throw new Error("PostgreSQL is not installed. Run `npm run setup` (as root it installs Debian's `postgresql`).");
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), `vk-postgres-${name}-`));
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  mkdirSync(socketDir);
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(socketDir, user.uid, user.gid);
  }
  const logDir = join(ROOT, '.visitkit', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `postgres-${name}.log`);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    {
      ...as,
      cwd: dir,
      encoding: 'utf8',
    },
  );
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.stderr || init.error?.message}`);
  }
  const port = await freeTcpPort();
  installExitHooks();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {Promise<unknown> | undefined} */
  let exited;

  async function launch() {
    const fd = openSync(logFile, 'a');
    // Test settings: durability off (a crash loses a throw-away database, nothing else).
    child = spawn(
      join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        socketDir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      { ...as, cwd: dir, stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    running.add(child);
    const current = child;
    exited = new Promise((r) => current.once('exit', r));
    void exited.then(() => running.delete(current)); // `exited` never rejects
    await waitUntilReady(current);
  }

  async function waitUntilReady(current) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (current.exitCode !== null || current.signalCode !== null) {
        throw new Error(
          `postgres exited during start-up (code ${current.exitCode}). Log: ${logFile}\n${tail(logFile)}`,
        );
      }
      const probe = spawnSync(join(bin, 'pg_isready'), [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-t',
        '1',
      ]);
      if (probe.status === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`postgres did not accept connections within ${timeoutMs} ms. Log: ${logFile}\n${tail(logFile)}`);
  }

  async function halt() {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // fast shutdown: open connections are closed, data is kept
    const timer = setTimeout(() => child.kill('SIGQUIT'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    await launch();
  } catch (error) {
    child?.kill('SIGQUIT');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    logFile,
    dataDir,
    get pid() {
      return child?.pid;
    },
    halt,
    resume: launch,
    stop,
  };
}
