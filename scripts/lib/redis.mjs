// Redis process manager for the LiveKit cluster (tests, benchmarks, `npm start -- --cluster`): Debian's
// `redis-server` on a free loopback port, configured as production must run it for LiveKit — with an append-only
// file (`appendfsync everysec`) in its own data directory, because LiveKit keeps state in Redis that its nodes never
// write again on their own (the room → node map; a quiet room's record): see docs/deploy.md, "Redis". It can be
// restarted on the same port — a true restart that keeps the data, or `{ wipe: true }`, a Redis replaced by an empty
// one (the data-loss fault) — and is always killed when this process exits. Node built-ins only.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './livekit-server.mjs';
import { ROOT, which } from './paths.mjs';
import { tail } from './processes.mjs';

/** The redis-server binary: REDIS_SERVER_BIN, then PATH (Debian puts it in /usr/bin). */
export function findRedisBinary() {
  return process.env.REDIS_SERVER_BIN || which('redis-server');
}

/** Children still running → killed synchronously when this process exits. */
const running = new Set();
let exitHookInstalled = false;

/**
 * Whether a Redis server answers PING on this port within `timeoutMs`.
 * @param {number} port
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export function redisAnswers(port, timeoutMs = 1000) {
  return new Promise((resolveAnswer) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (/** @type {boolean} */ answer) => {
      clearTimeout(timer);
      socket.destroy();
      resolveAnswer(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    let reply = '';
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
  });
}

/**
 * Sends one command and resolves with its reply: a string (simple or bulk), a number, null, or an array of those
 * (one level, enough for HGET/HGETALL/KEYS). A Redis error reply rejects.
 * @param {number} port
 * @param {string[]} args e.g. `['HGET', 'room_node_map', room]`
 * @returns {Promise<string | number | null | (string | null)[]>}
 */
export function redisCommand(port, args) {
  const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
  return new Promise((resolveReply, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    socket.setTimeout(5000, () => socket.destroy(new Error('redis: no reply within 5 s')));
    socket.on('connect', () => socket.write(request));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseReply(buffer, 0);
      if (!parsed) return;
      socket.destroy();
      if (parsed.value instanceof Error) reject(parsed.value);
      else resolveReply(/** @type {string | number | null | (string | null)[]} */ (parsed.value));
    });
  });
}

/**
 * One RESP reply from `buffer` at `offset`, or undefined when it is not complete yet.
 * @param {Buffer} buffer
 * @param {number} offset
 * @returns {{ value: unknown, end: number } | undefined}
 */
function parseReply(buffer, offset) {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  switch (type) {
    case '+':
      return { value: line, end: lineEnd + 2 };
    case '-':
      return { value: new Error(`redis: ${line}`), end: lineEnd + 2 };
    case ':':
      return { value: Number(line), end: lineEnd + 2 };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: lineEnd + 2 };
      if (buffer.length < lineEnd + 2 + length + 2) return undefined;
      return { value: buffer.toString('utf8', lineEnd + 2, lineEnd + 2 + length), end: lineEnd + 2 + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: lineEnd + 2 };
      const items = [];
      let end = lineEnd + 2;
      for (let i = 0; i < count; i += 1) {
        const item = parseReply(buffer, end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      return { value: new Error(`redis: unexpected reply ${JSON.stringify(type)}`), end: buffer.length };
  }
}

/**
 * @typedef {object} RedisServer
 * @property {string} address   `127.0.0.1:<port>`, as LiveKit's `redis.address` wants it
 * @property {number} port
 * @property {string} logFile
 * @property {number | undefined} pid  the running server's process id
 * @property {(options?: { wipe?: boolean }) => Promise<void>} restart  kills it (SIGKILL, as a crash) and starts it
 *   again on the same port from its append-only file; `wipe` deletes the data first (a Redis replaced by an empty one)
 * @property {() => Promise<void>} stop     stops it for good
 */

/**
 * Starts a Redis server with an append-only file (in a fresh temporary data directory) on a free loopback port.
 *
 * @param {{ name?: string, timeoutMs?: number }} [options] `name` names the log `.visitkit/logs/redis-<name>.log`
 * @returns {Promise<RedisServer>}
 * @example
 * const redis = await startRedis({ name: 'cluster' });
 * const config = livekitConfigYaml({ ..., redisAddresses: [redis.address] });
 * await redis.stop();
 */
export async function startRedis(options = {}) {
  const { name = 'test', timeoutMs = 20_000 } = options;
  const found = findRedisBinary();
  if (!found)
    throw new Error(
      "redis-server is not installed. Run `npm run setup` (as root it installs Debian's `redis-server`).",
    );
  const port = await freeTcpPort();
  const dir = mkdtempSync(join(tmpdir(), `vk-redis-${name}-`));
  const logDir = join(ROOT, '.visitkit', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `redis-${name}.log`);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {Promise<unknown>} */
  let exited = Promise.resolve();

  const binary = found;
  async function launch() {
    const fd = openSync(logFile, 'a');
    /** @type {import('node:child_process').ChildProcess} */
    const current = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--dir',
        dir,
        '--protected-mode',
        'yes',
      ],
      { cwd: dir, stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    child = current;
    running.add(current);
    exited = new Promise((r) => current.once('exit', r));
    void exited.then(() => running.delete(current));
    const deadline = Date.now() + timeoutMs;
    while (!(await redisAnswers(port))) {
      if (current.exitCode !== null || current.signalCode !== null || Date.now() > deadline) {
        current.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}. Log: ${logFile}\n${tail(logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function kill() {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  }

  await launch();
  let stopping;
  return {
    address: `127.0.0.1:${port}`,
    port,
    logFile,
    get pid() {
      return child?.pid;
    },
    restart: async ({ wipe = false } = {}) => {
      await kill();
      if (wipe) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
      }
      await launch();
    },
    stop: () => {
      stopping ??= kill().then(() => rmSync(dir, { recursive: true, force: true }));
      return stopping;
    },
  };
}
