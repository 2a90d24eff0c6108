// LiveKit process manager shared by tests, benchmarks and the demo.
// Starts livekit-server on free loopback ports with a generated config, waits until it accepts
// connections, and stops exactly the process it started — also when the parent fails or is interrupted.
// Node built-ins only.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, openSync, closeSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findLiveKitBinary, ROOT } from './paths.mjs';
import { isAlive, tail } from './processes.mjs';
// The same generator as `npx @visitkit/server-adapter livekit-config`, so the documented config is what tests run on.
import { livekitConfigYaml, newLiveKitKeys } from '../../packages/server-adapter/bin/livekit-config.mjs';

/** A free TCP port on loopback (bound then released; good enough for a single machine). */
export function freeTcpPort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

function freeUdpPort() {
  return new Promise((resolvePort, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolvePort(port));
    });
  });
}

/** Connection details of a server given in the environment, or undefined. */
export function externalLiveKitFromEnv(env = process.env) {
  const { LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET } = env;
  if (!LIVEKIT_URL) return undefined;
  if (!LIVEKIT_API_KEY || !LIVEKIT_API_SECRET) {
    throw new Error('LIVEKIT_URL is set, so LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set too.');
  }
  return { url: LIVEKIT_URL, apiKey: LIVEKIT_API_KEY, apiSecret: LIVEKIT_API_SECRET };
}

function toHttpUrl(wsUrl) {
  return wsUrl.replace(/^ws(s?):\/\//, 'http$1://');
}

/** Servers this process started → their config folder (holds the API secret). */
const running = new Map();
let exitHooksInstalled = false;

/** Kills a server we started and removes its config folder, synchronously (usable in an 'exit' handler). */
function killAndClean(child, dir) {
  try {
    child.kill('SIGKILL');
  } catch {
    /* already gone */
  }
  // The server read its config at start-up; the file must not outlive us with the API secret in it.
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Removes config folders left by processes that no longer run (killed with SIGKILL, a crash, a power cut):
 * folders are named `<name>-<pid>-<port>`.
 */
function removeStaleConfigs(root) {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(/-(\d+)-\d+$/.exec(entry.name)?.[1]);
    if (!entry.isDirectory() || !Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(root, entry.name), { recursive: true, force: true });
  }
}

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL exactly the children we started.
  // A signal ends in process.exit(), so this also runs on Ctrl-C (npm start) before the process is gone.
  process.on('exit', () => {
    for (const [child, dir] of running) killAndClean(child, dir);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      for (const [child, dir] of running) killAndClean(child, dir);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

async function waitUntilReady(httpUrl, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `livekit-server exited during start-up (code ${child.exitCode}). Log: ${logFile}\n${tail(logFile)}`,
      );
    }
    try {
      const response = await fetch(httpUrl, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `livekit-server did not accept connections within ${timeoutMs} ms. Log: ${logFile}\n${tail(logFile)}`,
  );
}

/**
 * @typedef {object} LiveKitServer
 * @property {string} url          ws:// URL clients connect to
 * @property {string} httpUrl      http:// URL for RoomService / Twirp
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {string | undefined} logFile   where the server's output goes (undefined for an external server)
 * @property {string} [configFile] the generated config (holds the secret; removed when the server exits)
 * @property {boolean} external    true when LIVEKIT_URL pointed at a server we did not start
 * @property {number} [pid]       the server process we started (tests pause it with SIGSTOP to cut the network)
 * @property {() => Promise<void>} stop     stops exactly the process this call started
 * @property {() => Promise<void>} [kill]   kill -9 of that process (a crashed node), resolved once it is gone
 * @property {number} [rtcTcpPort] the TCP port its media falls back to (absent for an external server)
 * @property {number} [rtcUdpPort] the UDP port its media goes through (absent for an external server)
 */

/**
 * Starts a LiveKit server for tests, benchmarks or the demo — or, when `LIVEKIT_URL`,
 * `LIVEKIT_API_KEY` and `LIVEKIT_API_SECRET` are set, returns that server instead.
 *
 * @param {object} [options]
 * @param {string[]} [options.webhookUrls]  URLs LiveKit posts webhooks to (start your HTTP server first)
 * @param {string} [options.name]           names the log file: `.visitkit/logs/livekit-<name>.log`
 * @param {number} [options.emptyTimeout]   seconds an empty room is kept (default 10)
 * @param {number} [options.departureTimeout] seconds a room is kept after the last participant left (default 5)
 * @param {boolean} [options.autoCreate]    let a valid token create its room (default false: only the adapter creates rooms)
 * @param {boolean} [options.useEnv]        honour LIVEKIT_URL & co. (default true)
 * @param {{ apiKey: string, apiSecret: string }} [options.keys] API key and secret (default: fresh ones; a cluster's nodes share one)
 * @param {string} [options.redisAddress]   `host:port` of the Redis a cluster's nodes share (default: none, one node)
 * @param {number} [options.timeoutMs]      start-up timeout (default 20000)
 * @param {string} [options.nodeIp]         the loopback address advertised for media (default 127.0.0.1; a shaped link's
 *                                          relay address puts the relay in the media path, tests/support/shaped-link.mjs)
 * @param {{ rtcTcpPort?: number, rtcUdpPort?: number }} [options.mediaPorts] media ports to use instead of free ones
 *                                          (a cluster node restarted where a relay already forwards its media)
 * @returns {Promise<LiveKitServer>}
 */
export async function startLiveKit(options = {}) {
  const {
    webhookUrls = [],
    name = 'test',
    emptyTimeout = 10,
    departureTimeout = 5,
    autoCreate = false,
    useEnv = true,
    timeoutMs = 20_000,
    nodeIp,
    redisAddress,
  } = options;
  const external = useEnv ? externalLiveKitFromEnv() : undefined;
  if (external) {
    return { ...external, httpUrl: toHttpUrl(external.url), logFile: undefined, external: true, stop: async () => {} };
  }
  const binary = findLiveKitBinary();
  if (!binary) {
    throw new Error(
      'livekit-server is not installed. Run `npm run setup`, or set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.',
    );
  }
  const port = await freeTcpPort();
  const rtcTcpPort = options.mediaPorts?.rtcTcpPort ?? (await freeTcpPort());
  const rtcUdpPort = options.mediaPorts?.rtcUdpPort ?? (await freeUdpPort());
  const { apiKey, apiSecret } = options.keys ?? newLiveKitKeys();
  removeStaleConfigs(join(ROOT, '.visitkit', 'livekit'));
  const dir = join(ROOT, '.visitkit', 'livekit', `${name}-${process.pid}-${port}`);
  mkdirSync(dir, { recursive: true });
  const logDir = join(ROOT, '.visitkit', 'logs');
  mkdirSync(logDir, { recursive: true });
  const configFile = join(dir, 'livekit.yaml');
  writeFileSync(
    configFile,
    livekitConfigYaml({
      local: true,
      nodeIp,
      port,
      rtcTcpPort,
      rtcUdpPort,
      apiKey,
      apiSecret,
      webhookUrls,
      emptyTimeout,
      departureTimeout,
      autoCreate,
      redisAddresses: redisAddress ? [redisAddress] : [],
    }),
    { mode: 0o600 },
  );
  const logFile = join(logDir, `livekit-${name}.log`);
  const fd = openSync(logFile, 'w');
  installExitHooks();
  const child = spawn(binary, ['--config', configFile], { stdio: ['ignore', fd, fd], detached: false });
  closeSync(fd);
  running.set(child, dir);
  const exited = new Promise((r) => child.once('exit', r));
  // The generated config holds the API secret: remove it once the server is gone.
  void exited.then(() => {
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `ws://127.0.0.1:${port}`;
  const httpUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(httpUrl, child, logFile, timeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    url,
    httpUrl,
    apiKey,
    apiSecret,
    logFile,
    configFile,
    external: false,
    pid: child.pid,
    rtcUdpPort,
    rtcTcpPort,
    stop,
    kill,
  };
}
