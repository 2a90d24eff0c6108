// Entry point of the sample portal: `node --import tsx examples/portal/src/main.ts` (what `npm start` runs).
// Configuration from the environment:
//   PORT (8080), HOST (127.0.0.1), LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET,
//   LIVEKIT_API_URL (where the server reaches LiveKit's API when browsers use another address; default LIVEKIT_URL),
//   DATABASE_URL (postgres://… — a PostgreSQL server; unset: embedded PGlite in PORTAL_DATA_DIR,
//   default examples/portal/data/pglite), PORTAL_ENFORCER_MS (2000),
//   PORTAL_TEST_API (off; 1 needs PORTAL_TEST_API_TOKEN, ≥ 32 random characters, and a loopback HOST),
//   PORTAL_RATE_LIMIT (on; 0 turns the visit routes' rate limit off), PORTAL_TRUSTED_PROXIES (comma-separated
//   addresses of the load balancers in front of the portal, whose X-Forwarded-For the rate limit believes),
//   PORTAL_KIOSK_RETURN_MS (20000), PORTAL_DEPARTURE_TIMEOUT (seconds, adapter default 60),
//   PORTAL_SECURE_COOKIES (1/0; default: Secure unless HOST is loopback).
import { createServer } from 'node:http';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPortal } from './app.js';
import { openDatabase } from './database.js';
import { seedDemoData } from './seed.js';
import { secureCookiesFor } from './sessions.js';
import { isLoopbackHost, MIN_TEST_API_TOKEN_LENGTH } from './test-api-guard.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..', '..');
const env = process.env;

const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = env;
if (!url || !apiKey || !apiSecret) {
  console.error('portal: LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET are required (npm start sets them).');
  process.exit(2);
}
const port = Number(env.PORT ?? 8080);
const host = env.HOST ?? '127.0.0.1';
const number = (value: string | undefined) => (value ? Number(value) : undefined);
const testApiToken = env.PORTAL_TEST_API === '1' ? (env.PORTAL_TEST_API_TOKEN ?? '') : undefined;
if (testApiToken !== undefined) {
  // The test API can schedule visits and read every ledger: refuse to expose it, whatever else is configured.
  if (!isLoopbackHost(host)) {
    console.error(`portal: PORTAL_TEST_API=1 listens on loopback only; HOST is ${host}.`);
    process.exit(2);
  }
  if (testApiToken.length < MIN_TEST_API_TOKEN_LENGTH) {
    console.error(
      `portal: PORTAL_TEST_API=1 needs PORTAL_TEST_API_TOKEN of at least ${MIN_TEST_API_TOKEN_LENGTH} random characters.`,
    );
    process.exit(2);
  }
}

const trustedProxies = (env.PORTAL_TRUSTED_PROXIES ?? '')
  .split(',')
  .map((address) => address.trim())
  .filter((address) => address !== '');
const notAddress = trustedProxies.find((address) => isIP(address) === 0);
if (notAddress !== undefined) {
  console.error(`portal: PORTAL_TRUSTED_PROXIES lists "${notAddress}", which is not an IP address.`);
  process.exit(2);
}

if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
  console.error('portal: DATABASE_URL must be a postgres:// URL (unset it to use the embedded PGlite database).');
  process.exit(2);
}
const db = await openDatabase(
  env.DATABASE_URL
    ? { url: env.DATABASE_URL }
    : { dataDir: env.PORTAL_DATA_DIR ?? join(ROOT, 'examples', 'portal', 'data', 'pglite') },
);
await seedDemoData(db, new Date());
const portal = createPortal({
  db,
  livekit: { url, apiKey, apiSecret, ...(env.LIVEKIT_API_URL ? { apiUrl: env.LIVEKIT_API_URL } : {}) },
  nodeModules: join(ROOT, 'node_modules'),
  ...(testApiToken ? { testApiToken } : {}),
  ...(env.PORTAL_RATE_LIMIT === '0'
    ? { rateLimit: false as const }
    : trustedProxies.length > 0
      ? { rateLimit: { trustedProxies } }
      : {}),
  ...(env.VISITKIT_E2EE_SECRET ? { e2eeSecret: env.VISITKIT_E2EE_SECRET } : {}),
  secureCookies: secureCookiesFor(host, env.PORTAL_SECURE_COOKIES),
  ...(number(env.PORTAL_ENFORCER_MS) ? { enforcerMs: number(env.PORTAL_ENFORCER_MS) } : {}),
  ...(number(env.PORTAL_DEPARTURE_TIMEOUT) ? { departureTimeoutSeconds: number(env.PORTAL_DEPARTURE_TIMEOUT) } : {}),
  ...(number(env.PORTAL_KIOSK_RETURN_MS) ? { kioskReturnMs: number(env.PORTAL_KIOSK_RETURN_MS) } : {}),
  ...(env.PORTAL_LOG_FORMAT === 'json' ? { logFormat: 'json' as const } : {}),
});
const server = createServer(portal.listener);
// Exit code 98 (EADDRINUSE on Linux) says "port taken" to launch.mjs, which retries on another port when it may.
server.on('error', (error: NodeJS.ErrnoException) => {
  const taken = error.code === 'EADDRINUSE';
  console.error(taken ? `portal: port ${port} is already in use.` : `portal: cannot listen: ${error.message}`);
  process.exit(taken ? 98 : 1);
});
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  console.log(`PORTAL_READY ${JSON.stringify({ url: `http://${shown}:${actual}`, port: actual })}`);
});

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  // The enforcer's last tick may still write: stop it first. PGlite flushes its data directory on close: wait for
  // both (bounded) before exiting.
  const timer = setTimeout(() => process.exit(0), 5000);
  void portal
    .close()
    .then(() => db.close())
    .finally(() => {
      clearTimeout(timer);
      process.exit(0);
    });
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

// Started by launch.mjs (npm start, tests): never outlive the process that started us, even if it was killed.
if (env.PORTAL_EXIT_WITH_PARENT === '1') {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown();
  }, 1000).unref();
}
