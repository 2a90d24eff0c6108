// Starts the sample portal as a child process (TypeScript through tsx; the workspace packages' server code from
// source via the `source` export condition, the browser code from their dist/) and waits until it listens.
// Used by `npm start` (scripts/start.mjs), the end-to-end scenarios and the screenshot script, so all
// three run exactly the same server. Node built-ins only.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The line the portal prints once it is listening; the rest of the line is JSON `{ url, port }`. */
export const READY_MARK = 'PORTAL_READY ';
/** The portal's exit code when its port is taken (src/main.ts). */
const PORT_TAKEN_EXIT_CODE = 98;

/** The portal could not listen: something else took `port` (e.g. between a free-port pick and the bind). */
export class PortTakenError extends Error {
  /** @param {number} port */
  constructor(port) {
    super(`port ${port} is already in use`);
    this.name = 'PortTakenError';
    this.port = port;
  }
}

/**
 * @typedef {object} LaunchedPortal
 * @property {string} url        e.g. http://127.0.0.1:8080
 * @property {number} pid
 * @property {Promise<number | null>} exited  resolves with the exit code when the process ends
 * @property {() => Promise<void>} stop      SIGTERM, then SIGKILL after 5 s
 * @property {() => void} kill              SIGTERM without waiting (for an 'exit' handler, which cannot wait)
 * @property {string | undefined} testApiToken  bearer token of the `/test/*` routes (only with `testApi`)
 */

/**
 * Spawns `examples/portal/src/main.ts` and resolves once it printed its ready line; rejects with
 * {@link PortTakenError} when the port is taken.
 *
 * @param {object} options
 * @param {number} options.port
 * @param {{ url: string, apiUrl?: string, apiKey: string, apiSecret: string }} options.livekit  `apiUrl`: where the
 *                                         portal reaches LiveKit's API when browsers are given another `url`
 * @param {string} [options.dataDir]       PGlite data directory (default examples/portal/data/pglite)
 * @param {string} [options.databaseUrl]   postgres://… : use that PostgreSQL server instead of PGlite
 * @param {boolean} [options.testApi]      enable the test-only `/test/*` routes (never in production) behind a
 *                                         fresh random bearer token, returned as `testApiToken`
 * @param {string} [options.testApiToken]  that bearer token instead of a fresh one (instances of one cluster share it)
 * @param {number} [options.enforcerMs]    enforcer interval (default 2000)
 * @param {number} [options.departureTimeout]  seconds a visit's room stays after the last person left (adapter default 60)
 * @param {number} [options.kioskReturnMs]  how long the kiosk shows the end screen (default 20000)
 * @param {string} [options.host]          interface to listen on (default 127.0.0.1)
 * @param {string[]} [options.trustedProxies]  addresses of the load balancers in front of it, whose
 *                                         `X-Forwarded-For` the rate limit believes
 * @param {'inherit' | string} [options.log]  'inherit' forwards output to this process; a path writes a log file
 * @param {number} [options.timeoutMs]
 * @returns {Promise<LaunchedPortal>}
 */
export async function launchPortal(options) {
  const {
    port,
    livekit,
    dataDir,
    databaseUrl,
    testApi = false,
    enforcerMs,
    departureTimeout,
    kioskReturnMs,
    host = '127.0.0.1',
    trustedProxies,
    log = 'inherit',
    timeoutMs = 120_000,
  } = options;
  // (The default ceiling is generous: PGlite creating a fresh data directory takes ~2 s on an idle machine, 20 s+ on a loaded one.)
  // A new token per launch: only this process (and the tests it hands the token to) can use the test API.
  const testApiToken = testApi ? (options.testApiToken ?? randomBytes(32).toString('base64url')) : undefined;
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: host,
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    PORTAL_TEST_API: testApi ? '1' : '',
    PORTAL_TEST_API_TOKEN: testApiToken ?? '',
    PORTAL_EXIT_WITH_PARENT: '1',
  };
  if (livekit.apiUrl) env.LIVEKIT_API_URL = livekit.apiUrl;
  if (dataDir) env.PORTAL_DATA_DIR = resolve(dataDir);
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (enforcerMs) env.PORTAL_ENFORCER_MS = String(enforcerMs);
  if (departureTimeout) env.PORTAL_DEPARTURE_TIMEOUT = String(departureTimeout);
  if (kioskReturnMs) env.PORTAL_KIOSK_RETURN_MS = String(kioskReturnMs);
  if (trustedProxies) env.PORTAL_TRUSTED_PROXIES = trustedProxies.join(',');
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', join(HERE, 'src', 'main.ts')], {
    cwd: resolve(HERE, '..', '..'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let sink;
  if (log !== 'inherit') {
    mkdirSync(dirname(log), { recursive: true });
    sink = createWriteStream(log);
  }
  const write = (stream, line) => (sink ? sink.write(`${line}\n`) : stream.write(`portal | ${line}\n`));
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  // 'exit' handlers run on process.exit() too (also after SIGINT/SIGTERM handlers that exit): stop the child.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  // `exited` only resolves (on the child's 'exit'), so these continuations cannot reject: `void`, not awaited.
  void exited.then(() => process.off('exit', killOnExit));
  const ready = new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`the portal did not start within ${timeoutMs} ms`)), timeoutMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(READY_MARK)) {
        clearTimeout(timer);
        resolveReady(JSON.parse(line.slice(READY_MARK.length)));
      } else write(process.stdout, line);
    });
    createInterface({ input: child.stderr }).on('line', (line) => write(process.stderr, line));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        code === PORT_TAKEN_EXIT_CODE
          ? new PortTakenError(port)
          : new Error(`the portal exited during start-up (code ${code})`),
      );
    });
  });
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      sink?.end();
    })();
    return stopping;
  };
  try {
    const { url } = await ready;
    return { url, pid: child.pid, exited, stop, kill: () => child.kill('SIGTERM'), testApiToken };
  } catch (error) {
    await stop();
    throw error;
  }
}
