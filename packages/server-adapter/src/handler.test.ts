import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorBodySchema, LedgerSchema } from '@visitkit/core/protocol';
import { API_SECRET, errorOf, NOW, post, testHandler, visit } from './test-support/fixtures.js';

describe('createVisitHandler routing', () => {
  test('paths outside the base path and unknown routes are 404 in the error shape', async () => {
    const { handle } = testHandler();
    for (const path of [
      'http://portal.test/elsewhere',
      'http://portal.test/api/visitkit/visits/v/unknown',
      'http://portal.test/api/visitkit',
    ]) {
      const response = await handle(new Request(path, { method: 'POST' }));
      assert.equal(response.status, 404, path);
      assert.ok(ErrorBodySchema.safeParse(await response.json()).success);
    }
  });

  test('a wrong method is 405', async () => {
    const { handle } = testHandler();
    const token = await handle(new Request('http://portal.test/api/visitkit/visits/visit-1/token'));
    assert.equal((await errorOf(token)).code, 'method-not-allowed');
    const ledger = await handle(
      new Request('http://portal.test/api/visitkit/visits/visit-1/ledger', { method: 'POST' }),
    );
    assert.equal(ledger.status, 405);
    const webhook = await handle(new Request('http://portal.test/api/visitkit/livekit/webhook'));
    assert.equal(webhook.status, 405);
  });

  test('a custom base path is honoured', async () => {
    const { handle } = testHandler({ basePath: '/visits-api/' });
    assert.equal(handle.basePath, '/visits-api');
    const response = await handle(
      new Request('http://portal.test/visits-api/visits/visit-1/token', { method: 'POST' }),
    );
    assert.equal(response.status, 401);
  });

  test('an authorize hook that throws is a 500 without its message; a thrown VisitHttpError keeps its status', async () => {
    const { VisitHttpError } = await import('./http-error.js');
    const crashing = testHandler({
      authorize: () => {
        throw new Error(`db password ${API_SECRET}`);
      },
    });
    const response = await crashing.handle(post('/visits/visit-1/token', {}));
    const text = await response.text();
    assert.equal(response.status, 500);
    assert.ok(!text.includes(API_SECRET) && !text.includes('password') && !text.includes('at '), text);
    assert.equal(crashing.logs.length, 1);
    assert.ok(!crashing.logs[0]!.includes(API_SECRET) && !crashing.logs[0]!.includes('password'), crashing.logs[0]);

    const refusing = testHandler({
      authorize: () => {
        throw VisitHttpError.notFound('No such visit.');
      },
    });
    assert.deepEqual(await errorOf(await refusing.handle(post('/visits/visit-1/token', {}))), {
      status: 404,
      code: 'not-found',
      message: 'No such visit.',
    });
  });
});

describe('CORS', () => {
  test('is off by default: no CORS headers, preflight is not answered', async () => {
    const { handle } = testHandler();
    const response = await handle(post('/visits/visit-1/token', null, undefined, { origin: 'https://evil.test' }));
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const preflight = await handle(
      new Request('http://portal.test/api/visitkit/visits/visit-1/token', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.test' },
      }),
    );
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.equal(preflight.status, 403);
  });

  test('allows only listed origins, on errors too', async () => {
    const { handle } = testHandler({ cors: { origins: ['https://portal.example'] } });
    const preflight = await handle(
      new Request('http://portal.test/api/visitkit/visits/visit-1/token', {
        method: 'OPTIONS',
        headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST' },
      }),
    );
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://portal.example');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    const allowed = await handle(post('/visits/visit-1/token', null, undefined, { origin: 'https://portal.example' }));
    assert.equal(allowed.status, 401);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://portal.example');
    const other = await handle(post('/visits/visit-1/token', null, undefined, { origin: 'https://other.example' }));
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

describe('request bodies', () => {
  test('non-JSON bodies are 415, oversized 413, malformed 400', async () => {
    const { handle } = testHandler();
    const form = await handle(
      post('/visits/visit-1/token', {}, 'consent=yes', { 'content-type': 'application/x-www-form-urlencoded' }),
    );
    assert.equal((await errorOf(form)).code, 'unsupported-media-type');
    assert.equal(form.status, 415);
    const huge = await handle(post('/visits/visit-1/token', {}, { pad: 'x'.repeat(20_000) }));
    assert.deepEqual([huge.status, (await errorOf(huge)).code], [413, 'payload-too-large']);
    const broken = await handle(post('/visits/visit-1/token', {}, '{"consent":'));
    assert.deepEqual([broken.status, (await errorOf(broken)).code], [400, 'bad-request']);
    const invalid = await handle(post('/visits/visit-1/token', {}, { consent: { accepted_at: 'yesterday' } }));
    assert.equal(invalid.status, 400);
    // The protocol schemas are zod/mini (no locale in the browser); the adapter words issues in English.
    assert.match((await errorOf(invalid)).message, /consent\.accepted_at: Invalid ISO datetime/);
    const long = await handle(post('/visits/visit-1/terminate', { role: 'monitor' }, { reason: 'x'.repeat(501) }));
    assert.match((await errorOf(long)).message, /reason: Too big: expected string to have <=500 characters/);
  });

  test('an oversized body is refused even without a content-length', async () => {
    const { handle } = testHandler();
    const chunk = new TextEncoder().encode('x'.repeat(8192));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i += 1) controller.enqueue(chunk);
        controller.close();
      },
    });
    const request = new Request('http://portal.test/api/visitkit/visits/visit-1/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    });
    assert.equal((await handle(request)).status, 413);
  });
});

describe('ledger route', () => {
  test('monitors get the ledger; others are refused', async () => {
    const { handle, store } = testHandler();
    await store.append({
      type: 'participant-joined',
      id: 'e1',
      visitId: 'visit-1',
      at: new Date(NOW - 60_000).toISOString(),
      participant: { identity: 'res-1', sid: 'PA_1', role: 'resident' },
    });
    const get = (who: object | null) =>
      new Request('http://portal.test/api/visitkit/visits/visit-1/ledger', {
        headers: who ? { 'x-test-caller': JSON.stringify({ identity: 'x', name: 'X', visit: visit(), ...who }) } : {},
      });
    assert.equal((await handle(get(null))).status, 401);
    assert.equal((await handle(get({ role: 'resident' }))).status, 403);
    const response = await handle(get({ role: 'monitor', identity: 'officer-1' }));
    assert.equal(response.status, 200);
    const ledger = LedgerSchema.parse(await response.json());
    assert.equal(ledger.visitId, 'visit-1');
    assert.equal(ledger.participants[0]?.identity, 'res-1');
    assert.equal(ledger.participants[0]?.connectedSeconds, 60);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });
});
