// `npm start`'s guard rails: a second start while one runs says so; a stale lock is taken over; a busy port gets a
// clear message; Ctrl-C stops what it started — on one node and with `--cluster` (the whole topology, a token
// through the balancer). (The portal itself is exercised by the e2e scenarios, which launch it the same way.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { portalSession, requestToken } from '../tests/support/portal-client.mjs';
import { ROOT } from './lib/paths.mjs';

let dir;
let lock;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vk-start-'));
  lock = join(dir, 'start.lock');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function start(env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--no-build'], {
      cwd: ROOT,
      env: { ...process.env, VISITKIT_START_LOCK: lock, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function busyPort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

test('a second npm start while one runs says so, names the running one, and leaves its lock alone', async () => {
  const running = { pid: process.pid, port: 8123, url: 'http://localhost:8123', startedAt: '2026-01-01T00:00:00.000Z' };
  writeFileSync(lock, JSON.stringify(running));
  const { code, output } = await start({ PORT: '8123' });
  assert.equal(code, 1);
  assert.match(output, new RegExp(`already running \\(npm start, pid ${process.pid}`));
  assert.match(output, /http:\/\/localhost:8123\//);
  assert.deepEqual(JSON.parse(readFileSync(lock, 'utf8')), running);
});

test('a stale lock (its process is gone) is taken over; a busy port gets a clear message and the lock is released', async () => {
  writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, port: 8080, startedAt: 'x' }));
  const server = await busyPort();
  try {
    const { code, output } = await start({ PORT: String(server.address().port) });
    assert.equal(code, 1);
    assert.match(output, /taking over a stale lock/);
    assert.match(output, new RegExp(`port ${server.address().port} is already in use.*PORT=`));
    assert.equal(existsSync(lock), false, 'the lock is released on exit');
  } finally {
    server.close();
  }
});

test('PORT must be a port number', async () => {
  const { code, output } = await start({ PORT: 'eighty' });
  assert.equal(code, 1);
  assert.match(output, /PORT must be a port number/);
});

test('Ctrl-C stops LiveKit and the portal and removes the generated LiveKit config (it holds the API secret)', async () => {
  const server = await busyPort();
  const port = server.address().port;
  await new Promise((r) => server.close(r));
  const env = { ...process.env, VISITKIT_START_LOCK: lock, PORT: String(port) };
  for (const name of ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']) delete env[name];
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--no-build'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const configs = () => {
    try {
      return readdirSync(join(ROOT, '.visitkit', 'livekit')).filter((name) => name.startsWith(`demo-${child.pid}-`));
    } catch {
      return [];
    }
  };
  try {
    for (let i = 0; i < 1200 && !output.includes('sample portal is running'); i += 1) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(output, /sample portal is running/, output);
    assert.equal(configs().length, 1, 'LiveKit runs with a generated config');
    child.kill('SIGINT');
    await exited;
    assert.deepEqual(configs(), [], 'the generated LiveKit config is left behind after Ctrl-C');
    assert.equal(existsSync(lock), false);
  } finally {
    child.kill('SIGKILL');
  }
});

test('npm start -- --cluster: prints what runs where, a token works through the balancer, Ctrl-C stops everything', async () => {
  const port = await freePort();
  const env = { ...process.env, VISITKIT_START_LOCK: lock, PORT: String(port) };
  for (const name of ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']) delete env[name];
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--no-build', '--cluster'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  /** Resolves once the output matches `pattern` (or rejects when the process exits first). */
  const printed = (pattern) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (pattern.test(output)) resolve(output);
      };
      for (const stream of [child.stdout, child.stderr]) stream.on('data', check);
      void exited.then(() => reject(new Error(`npm start exited before printing ${pattern}:\n${output}`)));
      check();
    });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output += d));
  try {
    await printed(/sample portal is running/);
    const where = {
      portals: /portal load balancer\s+(http:\/\/\S+)/.exec(output)?.[1],
      livekit: /LiveKit load balancer\s+(ws:\/\/\S+)/.exec(output)?.[1],
      postgres: /PostgreSQL\s+postgres(?:ql)?:\/\/\S*?@?127\.0\.0\.1:(\d+)/.exec(output)?.[1],
      redis: /Redis\s+127\.0\.0\.1:(\d+)/.exec(output)?.[1],
    };
    assert.ok(Object.values(where).every(Boolean), `what runs where: ${JSON.stringify(where)}\n${output}`);
    assert.match(output, /portal instances .*portal-demo-1\.log/);
    assert.equal(where.portals, `http://127.0.0.1:${port}`, 'the portal balancer takes PORT');
    const cookie = await portalSession(where.portals, 'james');
    const { status, body, token } = await requestToken(where.portals, cookie, 'social-now');
    assert.ok(token, `a token through the balancer: ${status} ${JSON.stringify(body)}`);
    assert.equal(token.server_url, where.livekit, 'browsers are sent to the LiveKit balancer');

    child.kill('SIGINT');
    await exited;
    for (const [name, target] of [
      ['portal balancer', port],
      ['LiveKit balancer', Number(new URL(/** @type {string} */ (where.livekit)).port)],
      ['PostgreSQL', Number(where.postgres)],
      ['Redis', Number(where.redis)],
    ])
      assert.equal(await accepts(Number(target)), false, `${name} still listening after Ctrl-C`);
    assert.equal(existsSync(lock), false);
  } finally {
    child.kill('SIGKILL');
  }
});

/** A port nobody listens on right now. */
async function freePort() {
  const server = await busyPort();
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((r) => server.close(r));
  return port;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
