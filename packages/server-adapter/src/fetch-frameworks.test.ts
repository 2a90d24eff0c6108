// The framework mountings the README documents ("Mounting it"), run as written: Hono hands over its raw
// Request; Fastify, which parses bodies itself, gets a scope that leaves the body unread and passes the raw
// request through toNodeListener. The webhook is the case that breaks when a body is parsed or re-encoded:
// its signature covers the exact bytes.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { toNodeListener } from './node.js';
import { NOW, signedWebhook, testHandler } from './test-support/fixtures.js';

/** A participant_joined webhook as LiveKit signs it, and the same bytes with a changed event (tampered). */
async function webhooks(id: string): Promise<{ signed: Request; tampered: Request }> {
  const payload = {
    event: 'participant_joined',
    id,
    createdAt: String(Math.floor(NOW / 1000)),
    participant: {
      sid: `PA_${id}`,
      identity: 'res-1',
      attributes: { 'visitkit.visit': 'visit-1', 'visitkit.role': 'resident' },
    },
  };
  return { signed: await signedWebhook(payload), tampered: await signedWebhook(payload, { tamper: true }) };
}

/** The same request, sent to another origin. */
async function sendTo(origin: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  return fetch(`${origin}${url.pathname}`, {
    method: request.method,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  });
}

describe('mounted in Hono and Fastify as the README shows', () => {
  test('Hono: routes answer and a signed webhook verifies; a tampered one is 401', async () => {
    const { handle, events } = testHandler();
    const hono = new Hono();
    hono.get('/health', (c) => c.json({ ok: true }));
    hono.all('/api/visitkit/*', (c) => handle(c.req.raw));

    const { signed, tampered } = await webhooks('EV_hono');
    assert.equal((await hono.request(signed)).status, 200);
    assert.ok(events.some((e) => e.id === 'lk_EV_hono'));
    assert.equal((await hono.request(tampered)).status, 401);
    const token = await hono.request('http://portal.test/api/visitkit/visits/visit-1/token', { method: 'POST' });
    assert.equal(token.status, 401, 'the adapter answers its routes');
    assert.deepEqual(
      await (await hono.request('http://portal.test/health')).json(),
      { ok: true },
      'Hono keeps its own',
    );
  });

  test('Fastify: the raw body reaches the handler (signature verifies, tampering is 401); Fastify keeps its routes', async () => {
    const { handle, events } = testHandler();
    const fastify = Fastify();
    after(() => fastify.close());
    fastify.get('/health', async () => ({ ok: true }));
    await fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      scope.all('/api/visitkit/*', (request, reply) => {
        reply.hijack();
        void toNodeListener(handle)(request.raw, reply.raw);
      });
    });
    const origin = await fastify.listen({ port: 0, host: '127.0.0.1' });

    const { signed, tampered } = await webhooks('EV_fastify');
    const delivered = await sendTo(origin, signed);
    assert.equal(delivered.status, 200, await delivered.clone().text());
    assert.ok(events.some((e) => e.id === 'lk_EV_fastify'));
    assert.equal((await sendTo(origin, tampered)).status, 401);
    const token = await fetch(`${origin}/api/visitkit/visits/visit-1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(token.status, 401, 'a JSON body passes through unparsed to the adapter');
    assert.deepEqual(await (await fetch(`${origin}/health`)).json(), { ok: true });
  });
});
