import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { toNodeListener } from './node.js';
import { signedWebhook, testHandler } from './test-support/fixtures.js';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

describe('toNodeListener', () => {
  const { handle, events } = testHandler();
  let plain: Server;
  let viaExpress: Server;
  let plainUrl: string;
  let expressUrl: string;

  before(async () => {
    const listener = toNodeListener(handle, { maxBodyBytes: 64 * 1024 });
    plain = createServer((req, res) => void listener(req, res)); // it answers every request itself
    const app = express();
    app.use(toNodeListener(handle));
    app.get('/health', (_req, res) => {
      res.json({ ok: true });
    });
    viaExpress = createServer(app);
    [plainUrl, expressUrl] = [await listen(plain), await listen(viaExpress)];
  });

  after(async () => {
    await new Promise((resolve) => plain.close(resolve));
    await new Promise((resolve) => viaExpress.close(resolve));
  });

  test('node:http: routes answer with status, JSON body and headers', async () => {
    const response = await fetch(`${plainUrl}/api/visitkit/visits/visit-1/token`, { method: 'POST' });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthenticated');
    const outside = await fetch(`${plainUrl}/somewhere`);
    assert.equal(outside.status, 404);
  });

  test('node:http: the raw body reaches the handler (webhook signature verifies)', async () => {
    const request = await signedWebhook({
      event: 'participant_joined',
      id: 'EV_node',
      createdAt: String(Math.floor(Date.parse('2030-01-01T10:00:00Z') / 1000)),
      participant: {
        sid: 'PA_n',
        identity: 'res-1',
        attributes: { 'visitkit.visit': 'visit-1', 'visitkit.role': 'resident' },
      },
    });
    const response = await fetch(`${plainUrl}/api/visitkit/livekit/webhook`, {
      method: 'POST',
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    });
    assert.equal(response.status, 200);
    assert.ok(events.some((e) => e.id === 'lk_EV_node'));
  });

  test('node:http: bodies over the listener limit are 413 before the handler', async () => {
    const response = await fetch(`${plainUrl}/api/visitkit/visits/visit-1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(100 * 1024) }),
    });
    assert.equal(response.status, 413);
  });

  test('Express: passes other paths to next(), answers its own', async () => {
    const health = await fetch(`${expressUrl}/health`);
    assert.deepEqual(await health.json(), { ok: true });
    const token = await fetch(`${expressUrl}/api/visitkit/visits/visit-1/token`, { method: 'POST' });
    assert.equal(token.status, 401);
    const missing = await fetch(`${expressUrl}/nothing-here`);
    assert.equal(missing.status, 404);
    assert.doesNotMatch(await missing.text(), /visitkit/, 'Express answered, not the adapter');
  });

  test('Express: works when mounted under a path (uses originalUrl)', async () => {
    const app = express();
    app.use('/api/visitkit', toNodeListener(handle));
    const server = createServer(app);
    const url = await listen(server);
    try {
      const response = await fetch(`${url}/api/visitkit/visits/visit-1/token`, { method: 'POST' });
      assert.equal(response.status, 401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
