import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import { after, describe, test } from 'node:test';
import { freeTcpPort } from './livekit-server.mjs';
import { startLoadBalancer } from './load-balancer.mjs';
import { redisAnswers, redisCommand, startRedis } from './redis.mjs';

/** A backend that answers its name, echoes bodies, and accepts upgrades by echoing what the client sends. */
async function backend(name) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => res.end(`${name}:${req.headers.host}:${Buffer.concat(chunks).toString()}`));
  });
  server.on('upgrade', (req, socket) => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: upgrade\r\nx-backend: ${name}\r\n\r\n`,
    );
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}` };
}

describe('load balancer', () => {
  const closers = [];
  after(async () => {
    for (const close of closers) await close();
  });

  test('round robin over live backends, the Host kept, a dead backend skipped without failing a request', async () => {
    const [a, b] = [await backend('a'), await backend('b')];
    closers.push(
      () => new Promise((r) => a.server.close(r)),
      () => new Promise((r) => b.server.close(r)),
    );
    const dead = `http://127.0.0.1:${await freeTcpPort()}`;
    const lb = await startLoadBalancer({ backends: [a.url, dead, b.url] });
    closers.push(lb.stop);
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await (await fetch(lb.url, { method: 'POST', body: `n${i}` })).text());
    const names = answers.map((text) => text.split(':')[0]);
    assert.deepEqual([...new Set(names)].sort(), ['a', 'b'], `answers: ${answers.join(', ')}`);
    assert.ok(
      answers.every((text) => text.includes(`:127.0.0.1:${lb.port}:`)),
      "the Host header is the balancer's, as the client sent it",
    );
    assert.ok(
      answers.every((text, i) => text.endsWith(`:n${i}`)),
      'bodies pass through',
    );
    assert.equal(lb.served.get(dead), 0);
    await new Promise((r) => a.server.close(r));
    a.server.closeAllConnections();
    for (let i = 0; i < 3; i += 1)
      assert.match(await (await fetch(lb.url)).text(), /^b:/, 'with a gone, b answers everything');
  });

  test('a WebSocket-style upgrade is passed through both ways; 502 when no backend is alive', async () => {
    const c = await backend('c');
    closers.push(() => new Promise((r) => c.server.close(r)));
    const lb = await startLoadBalancer({ backends: [c.url] });
    closers.push(lb.stop);
    const req = request({ host: '127.0.0.1', port: lb.port, headers: { connection: 'upgrade', upgrade: 'echo' } });
    req.end();
    const [res, socket] = await once(req, 'upgrade');
    assert.equal(res.headers['x-backend'], 'c');
    socket.write('ping');
    const [data] = await once(socket, 'data');
    assert.equal(data.toString(), 'ping');
    socket.destroy();
    const nowhere = await startLoadBalancer({ backends: [`http://127.0.0.1:${await freeTcpPort()}`] });
    closers.push(nowhere.stop);
    assert.equal((await fetch(nowhere.url)).status, 502);
  });
});

describe('redis manager', () => {
  test('starts Redis on loopback, answers commands, restarts on the same port keeping its data (or wiped), stops', async () => {
    const redis = await startRedis({ name: 'manager-test' });
    try {
      assert.equal(await redisCommand(redis.port, ['SET', 'k', 'v']), 'OK');
      assert.equal(await redisCommand(redis.port, ['GET', 'k']), 'v');
      const before = redis.pid;
      await redis.restart();
      assert.notEqual(redis.pid, before);
      assert.equal(await redisAnswers(redis.port), true);
      assert.equal(await redisCommand(redis.port, ['GET', 'k']), 'v', 'the append-only file survives a kill -9');
      await redis.restart({ wipe: true });
      assert.equal(await redisCommand(redis.port, ['GET', 'k']), null, 'wiped: the data is gone');
      await assert.rejects(redisCommand(redis.port, ['NOSUCHCOMMAND']), /redis: ERR/);
    } finally {
      await redis.stop();
    }
    assert.equal(await redisAnswers(redis.port, 300), false);
  });
});
