// A store that cannot read or save: the token route answers 503 store-unavailable (never a 500 with the
// driver's message), a webhook 5xx so LiveKit delivers it again, and the ledger 503.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRoomMetadata, VisitInputSchema } from '@visitkit/core/protocol';
import { MemoryVisitStore } from './memory-visit-store.js';
import { VisitStoreError } from './visit-store-error.js';
import { errorOf, NOW, post, signedWebhook, testHandler, visit } from './test-support/fixtures.js';
import type { VisitStore } from './visit-store.js';

/** A memory store that fails every call while `down` is true, with a message that must never reach a client. */
function flakyStore() {
  const inner = new MemoryVisitStore();
  const state = { down: true };
  const fail = () => Promise.reject(VisitStoreError.unavailable('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2'));
  const store: VisitStore = {
    append: (event) => (state.down ? fail() : inner.append(event)),
    list: (visitId) => (state.down ? fail() : inner.list(visitId)),
    termination: (visitId) => (state.down ? fail() : inner.termination(visitId)),
  };
  return { store, state, inner };
}

const metadata = JSON.stringify({ visitkit: 1, visit: VisitInputSchema.parse(visit()) });
const joined = {
  event: 'participant_joined',
  id: 'EV_outage_1',
  createdAt: String(Math.floor(NOW / 1000)),
  room: { sid: 'RM_1', name: 'vk_abc', metadata },
  participant: {
    sid: 'PA_1',
    identity: 'res-1',
    name: 'Resident One',
    joinedAtMs: String(NOW),
    attributes: { 'visitkit.role': 'resident' },
  },
};

describe('store failures', () => {
  test('a token request answers 503 store-unavailable with no driver detail', async () => {
    const { store } = flakyStore();
    const { handle, logs } = testHandler({ store });
    const response = await handle(post('/visits/visit-1/token', {}, {}));
    const error = await errorOf(response);
    assert.equal(error.status, 503);
    assert.equal(error.code, 'store-unavailable');
    assert.doesNotMatch(error.message, /ECONNREFUSED|hunter2|5432/);
    assert.ok(
      logs.some((line) => line.includes('503 store-unavailable') && line.includes('VisitStoreError')),
      logs.join('\n'),
    );
    assert.ok(
      logs.every((line) => !line.includes('hunter2')),
      'the cause message is never logged',
    );
  });

  test('a store that throws synchronously is answered the same way', async () => {
    const store = {
      append() {
        throw new Error('boom');
      },
      list() {
        throw new Error('boom');
      },
      termination() {
        throw new Error('boom');
      },
    } as unknown as VisitStore;
    const { handle } = testHandler({ store });
    assert.equal((await errorOf(await handle(post('/visits/visit-1/token', {}, {})))).code, 'store-unavailable');
  });

  test('a webhook answers 5xx while the store is down, and the re-delivery is stored once it is back', async () => {
    const { store, state, inner } = flakyStore();
    const { handle } = testHandler({ store });
    const response = await handle(await signedWebhook(joined));
    assert.ok(response.status >= 500, `status ${response.status}`);
    assert.deepEqual(await inner.list('visit-1'), []);
    state.down = false;
    assert.equal((await handle(await signedWebhook(joined))).status, 200);
    assert.deepEqual(
      (await inner.list('visit-1')).map((e) => e.id),
      ['lk_EV_outage_1'],
    );
    assert.ok(parseRoomMetadata(metadata));
  });

  test('the ledger answers 503 store-unavailable', async () => {
    const { store } = flakyStore();
    const { handle } = testHandler({ store });
    const request = new Request('http://portal.test/api/visitkit/visits/visit-1/ledger', {
      headers: {
        'x-test-caller': JSON.stringify({ identity: 'reyes', name: 'Officer', role: 'monitor', visit: visit() }),
      },
    });
    const error = await errorOf(await handle(request));
    assert.deepEqual([error.status, error.code], [503, 'store-unavailable']);
  });
});

describe("the portal's own database is down", () => {
  test('an authorize hook that throws VisitStoreError answers 503 store-unavailable; other throws stay 500', async () => {
    const down = testHandler({ authorize: () => Promise.reject(VisitStoreError.unavailable('connect ECONNREFUSED')) });
    const refused = await errorOf(await down.handle(post('/visits/visit-1/token', {}, {})));
    assert.deepEqual([refused.status, refused.code], [503, 'store-unavailable']);
    const broken = testHandler({ authorize: () => Promise.reject(new TypeError('bug')) });
    assert.equal((await errorOf(await broken.handle(post('/visits/visit-1/token', {}, {})))).status, 500);
  });
});
