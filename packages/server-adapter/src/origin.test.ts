import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorOf, post, signedWebhook, testHandler } from './test-support/fixtures.js';

const TOKEN = '/visits/visit-1/token';

describe('Origin check', () => {
  test('a page of another site (or a sibling subdomain) is refused with 403 origin-not-allowed, before authorize runs', async () => {
    let asked = 0;
    const { handle } = testHandler({
      authorize: () => {
        asked += 1;
        return null;
      },
    });
    for (const origin of ['https://evil.test', 'http://evil.portal.test', 'null']) {
      const error = await errorOf(await handle(post(TOKEN, {}, {}, { origin })));
      assert.deepEqual([error.status, error.code], [403, 'origin-not-allowed'], origin);
    }
    const ledger = await handle(
      new Request('http://portal.test/api/visitkit/visits/visit-1/ledger', {
        headers: { origin: 'https://evil.test' },
      }),
    );
    assert.equal((await errorOf(ledger)).code, 'origin-not-allowed');
    assert.equal(asked, 0);
  });

  test('same origin, listed CORS origins and callers without Origin are let through to authorize', async () => {
    const { handle } = testHandler({ cors: { origins: ['https://widget.example'] } });
    // Same host and port; the scheme may differ behind a TLS-terminating proxy.
    for (const origin of ['http://portal.test', 'https://portal.test', 'https://widget.example', undefined]) {
      const response = await handle(post(TOKEN, null, {}, origin ? { origin } : {}));
      assert.equal((await errorOf(response)).code, 'unauthenticated', String(origin));
    }
    const otherPort = await handle(post(TOKEN, null, {}, { origin: 'http://portal.test:8443' }));
    assert.equal((await errorOf(otherPort)).code, 'origin-not-allowed');
  });

  test('a cross-site navigation without Origin (Sec-Fetch-Site) is refused', async () => {
    const { handle } = testHandler();
    const request = new Request('http://portal.test/api/visitkit/visits/visit-1/ledger', {
      headers: { 'sec-fetch-site': 'same-site' },
    });
    assert.equal((await errorOf(await handle(request))).code, 'origin-not-allowed');
    const sameOrigin = new Request('http://portal.test/api/visitkit/visits/visit-1/ledger', {
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    assert.equal((await errorOf(await handle(sameOrigin))).code, 'unauthenticated');
  });

  test("LiveKit's webhooks (no Origin, application/webhook+json) still work", async () => {
    const { handle } = testHandler();
    const response = await handle(
      await signedWebhook({
        event: 'participant_joined',
        id: 'EV_origin',
        createdAt: String(Math.floor(Date.parse('2030-01-01T10:00:00Z') / 1000)),
        participant: {
          sid: 'PA_o',
          identity: 'res-1',
          attributes: { 'visitkit.visit': 'visit-1', 'visitkit.role': 'resident' },
        },
      }),
    );
    assert.equal(response.status, 200);
  });
});

describe('JSON only', () => {
  test('a cross-site-style form or text/plain post is 415 even with an empty body', async () => {
    const { handle } = testHandler();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const error = await errorOf(await handle(post(TOKEN, {}, '', { 'content-type': type })));
      assert.deepEqual([error.status, error.code], [415, 'unsupported-media-type'], type);
    }
    const typeless = new Request(`http://portal.test/api/visitkit${TOKEN}`, {
      method: 'POST',
      body: new Uint8Array([123, 125]),
    });
    assert.equal((await errorOf(await handle(typeless))).code, 'unsupported-media-type');
  });

  test('a bare POST (no body, no content type) and an empty JSON post are {}', async () => {
    const { handle } = testHandler();
    assert.equal((await errorOf(await handle(post(TOKEN, null)))).code, 'unauthenticated');
    assert.equal((await errorOf(await handle(post(TOKEN, null, '')))).code, 'unauthenticated');
  });
});
