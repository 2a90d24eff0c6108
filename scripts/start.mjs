// `npm start`: set-up, build, a LiveKit server and the sample portal — everything a newcomer needs to try a visit.
// Stops everything it started on Ctrl-C / SIGTERM. A second `npm start` while one runs says so and exits.
//
//   npm start                 (PORT=9000 npm start for another port; --no-build to skip the build;
//                              --cluster: 2 LiveKit nodes on Redis + 2 portal instances on one PostgreSQL server,
//                              each tier behind a round-robin load balancer, as docs/deploy.md describes;
//                              HOST=0.0.0.0 to listen beyond loopback — the demo sign-in has no passwords;
//                              session cookies are then Secure: put HTTPS in front, or PORTAL_SECURE_COOKIES=0)
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ROOT } from './lib/paths.mjs';
import { runOnSupportedNode } from './lib/node-runtime.mjs';
import { isAlive } from './lib/processes.mjs';

await runOnSupportedNode(); // Node < 22: fetches a current LTS Node into .tools and runs this again with it

// VISITKIT_START_LOCK: another lock file, for the tests of this script.
const LOCK_FILE = process.env.VISITKIT_START_LOCK ?? join(ROOT, '.visitkit', 'start.lock');
const args = new Set(process.argv.slice(2));
for (const arg of args) {
  if (arg !== '--no-build' && arg !== '--cluster') {
    process.stderr.write(
      `start: unknown option ${arg}\nusage: npm start [-- --no-build] [-- --cluster]   (PORT=<port> to change the port)\n`,
    );
    process.exit(2);
  }
}

function say(line = '') {
  process.stdout.write(`${line}\n`);
}

function fail(message) {
  process.stderr.write(`\nstart: ${message}\n`);
  process.exit(1);
}

/** Takes .visitkit/start.lock, or tells the user another `npm start` is running. Stale locks are taken over. */
function acquireLock(info) {
  mkdirSync(dirname(LOCK_FILE), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(LOCK_FILE, 'wx');
      writeFileSync(fd, JSON.stringify(info));
      closeSync(fd);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder;
    try {
      holder = JSON.parse(readFileSync(LOCK_FILE, 'utf8'));
    } catch {
      holder = undefined; // half-written or unreadable: treat as stale
    }
    if (holder && Number.isInteger(holder.pid) && holder.pid !== process.pid && isAlive(holder.pid)) {
      fail(
        `Visitkit is already running (npm start, pid ${holder.pid}, since ${holder.startedAt}).\n` +
          `  Open ${holder.url ?? `http://localhost:${holder.port}`}/ — or stop it first with Ctrl-C in its terminal (or \`kill ${holder.pid}\`).`,
      );
    }
    say(`start: taking over a stale lock left by pid ${holder?.pid ?? '?'}`);
    try {
      unlinkSync(LOCK_FILE);
    } catch {
      /* someone else removed it */
    }
  }
  fail(`could not take ${LOCK_FILE}; remove it if no other npm start is running.`);
}

function releaseLock() {
  try {
    const holder = JSON.parse(readFileSync(LOCK_FILE, 'utf8'));
    if (holder.pid === process.pid) unlinkSync(LOCK_FILE);
  } catch {
    /* already gone */
  }
}

/** Resolves when `port` can be listened on at `host` (as the portal will), rejects with the reason. */
function checkPort(port, host) {
  return new Promise((resolveCheck, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => server.close(() => resolveCheck()));
  });
}

function run(command, commandArgs) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, commandArgs, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolveRun()
        : reject(new Error(`\`${command} ${commandArgs.join(' ')}\` failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number, got "${process.env.PORT}".`);
// Loopback only by default: the demo signs anyone in without a password, and LiveKit listens on loopback too.
const host = process.env.HOST ?? '127.0.0.1';
const url = `http://localhost:${port}`;
acquireLock({ pid: process.pid, port, url, startedAt: new Date().toISOString() });

// Everything started below is stopped from here. 'exit' handlers must be synchronous; the LiveKit helper
// kills its server in its own 'exit' handler.
let portal;
let livekit;
/**
 * With --cluster: the other portal instance, the balancer in front of both, and the database.
 * @type {{ portals: any[], database?: any, balancer?: any } | undefined}
 */
let cluster;
let stopping = false;
process.on('exit', () => {
  portal?.kill();
  cluster?.portals.forEach((p) => p.kill());
  releaseLock();
  if (stopping) process.stdout.write('start: stopped.\n');
});
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say('\nstart: stopping the portal and LiveKit …');
  await portal?.stop().catch(() => {});
  for (const instance of cluster?.portals ?? []) await instance.stop().catch(() => {});
  await cluster?.balancer?.stop().catch(() => {});
  await livekit?.stop().catch(() => {});
  await cluster?.database?.stop().catch(() => {});
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(0));

try {
  await checkPort(port, host);
} catch (error) {
  fail(
    error.code === 'EADDRINUSE'
      ? `port ${port} is already in use by another program. Start on another port: PORT=8090 npm start`
      : `cannot listen on port ${port}: ${error.message}`,
  );
}

const { setup, reportSetupError } = await import('./setup.mjs');
try {
  // One portal runs on embedded PGlite; a cluster needs a PostgreSQL server (shared by its instances) and Redis.
  await setup({ browser: false, postgres: args.has('--cluster'), redis: args.has('--cluster') });
} catch (error) {
  reportSetupError(error);
  releaseLock();
  process.exit(1);
}

if (!args.has('--no-build')) {
  say('start: building the packages (npm run build) …');
  try {
    await run('npm', ['run', '--silent', 'build']);
  } catch (error) {
    fail(`${error.message}. Fix the build error above, or run \`npm start -- --no-build\` to use the last build.`);
  }
}

// Imported only now: set-up has installed what these need.
const { startLiveKit } = await import('./lib/livekit-server.mjs');
const { launchPortal } = await import('../examples/portal/launch.mjs');

if (args.has('--cluster')) await startCluster();
else await startSingle();

async function startSingle() {
  say('start: starting LiveKit …');
  livekit = await startLiveKit({
    name: 'demo',
    webhookUrls: [`http://127.0.0.1:${port}/api/visitkit/livekit/webhook`],
    emptyTimeout: 60,
    departureTimeout: 20,
  });
  say(
    `start: LiveKit ${livekit.external ? '(external) ' : ''}at ${livekit.url}${livekit.logFile ? `, log ${livekit.logFile}` : ''}`,
  );
  say('start: starting the sample portal …');
  try {
    portal = await launchPortal({ port, host, livekit, log: 'inherit' });
  } catch (error) {
    process.stderr.write(`\nstart: ${error.message}\n`);
    await shutdown(1);
  }
  watch(portal);
}

/** The production topology on one machine: what runs where is printed at the end. */
async function startCluster() {
  const { startPostgres } = await import('./lib/postgres.mjs');
  const { startLiveKitCluster } = await import('./lib/livekit-cluster.mjs');
  const { startLoadBalancer } = await import('./lib/load-balancer.mjs');
  const { freeTcpPort } = await import('./lib/livekit-server.mjs');
  cluster = { portals: [] };
  try {
    say('start: starting PostgreSQL (shared by the portal instances) …');
    cluster.database = await startPostgres({ name: 'demo-cluster' });
    const ports = [await freeTcpPort(), await freeTcpPort()];
    // The portal balancer takes PORT: browsers and LiveKit's webhooks use it, like a production load balancer.
    cluster.balancer = await startLoadBalancer({ port, backends: ports.map((p) => `http://127.0.0.1:${p}`) });
    say('start: starting Redis and 2 LiveKit nodes …');
    livekit = await startLiveKitCluster({
      nodes: 2,
      name: 'demo',
      webhookUrls: [`${cluster.balancer.url}/api/visitkit/livekit/webhook`],
      emptyTimeout: 60,
      departureTimeout: 20,
    });
    say('start: starting 2 portal instances …');
    for (const [i, instancePort] of ports.entries()) {
      const instance = await launchPortal({
        port: instancePort,
        host: '127.0.0.1',
        livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
        databaseUrl: cluster.database.url,
        // The balancer connects from loopback and says who the browser is in X-Forwarded-For.
        trustedProxies: ['127.0.0.1'],
        log: join(ROOT, '.visitkit', 'logs', `portal-demo-${i + 1}.log`),
      });
      cluster.portals.push(instance);
      watch(instance);
    }
  } catch (error) {
    process.stderr.write(`\nstart: ${error.message}\n`);
    await shutdown(1);
  }
  say(`
  What runs where (loopback only):
    portal load balancer   ${cluster.balancer.url}  → ${cluster.portals.map((p) => p.url).join(', ')}
    portal instances       logs .visitkit/logs/portal-demo-1.log, portal-demo-2.log
    PostgreSQL             ${cluster.database.url}
    LiveKit load balancer  ${livekit.url}  → ${livekit.nodes.map((n) => n.url).join(', ')}
    LiveKit nodes          logs ${livekit.nodes.map((n) => n.logFile).join(', ')}
    Redis                  ${livekit.redis.address}
    LiveKit webhooks  →    ${cluster.balancer.url}/api/visitkit/livekit/webhook`);
}

function watch(instance) {
  instance.exited.then((code) => {
    if (!stopping) {
      process.stderr.write(`\nstart: a portal stopped unexpectedly (exit code ${code}).\n`);
      void shutdown(1);
    }
  });
}

say(`
  Visitkit sample portal is running.

    Sign in (demo users):  ${url}/
    Family visit:          ${url}/family      (sign in as Maria Lopez or Luis Lopez)
    Facility kiosk:        ${url}/kiosk       (sign in as James Carter, resident)
    Attorney visit:        ${url}/attorney    (sign in as Ana Okafor, attorney)
    Staff / monitor:       ${url}/staff       (sign in as Officer Reyes)

  Open a family page and the kiosk in two browser windows to see both sides of a visit.
  Demo sign-in only: no passwords. Press Ctrl-C to stop.
`);
