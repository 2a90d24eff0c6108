import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Ledger } from '@visitkit/core/protocol';
import { startLiveKit } from '../../../scripts/lib/livekit-server.mjs';
import { createEnforcer } from './enforcer.js';
import { MemoryVisitStore } from './memory-visit-store.js';
import type { LiveKit } from './test-support/real-livekit.js';
import { UNREACHABLE_LIVEKIT } from './test-support/fixtures.js';
import type { VisitEvent } from './visit-events.js';
import { createVisitkit } from './visitkit.js';

describe('createVisitkit', () => {
  let livekit: LiveKit;
  before(async () => {
    livekit = await startLiveKit({ name: 'create-visitkit' });
  });
  after(() => livekit?.stop());

  test('the handler and the enforcer write to one store: a time-limit end reaches the ledger route and onEvent', async () => {
    let now = Date.now();
    const events: VisitEvent[] = [];
    const store = new MemoryVisitStore();
    const visit = {
      id: 'one-store',
      kind: 'social' as const,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 60_000).toISOString(),
    };
    const visitkit = createVisitkit({
      livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      store,
      now: () => now,
      authorize: (request) => ({
        identity: 'officer-1',
        name: 'Officer',
        role: request.headers.get('x-role') as 'resident' | 'monitor',
        visit: { ...visit, monitored: true },
      }),
      onEvent: (event) => void events.push(event),
      log: () => {},
    });
    assert.equal(visitkit.store, store);
    const token = await visitkit.handler(
      new Request('http://portal.test/api/visitkit/visits/one-store/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-role': 'resident' },
        body: '{}',
      }),
    );
    assert.equal(token.status, 200);
    const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    assert.equal((await rooms.listRooms()).length, 1, 'the token route created the room');

    now += 61_000; // past endsAt: the enforcer ends the room
    const report = await visitkit.enforcer!.tick();
    assert.deepEqual(report.ended, ['one-store']);
    assert.ok(
      events.some((e) => e.type === 'visit-expired'),
      'onEvent heard the enforcer',
    );

    const response = await visitkit.handler(
      new Request('http://portal.test/api/visitkit/visits/one-store/ledger', { headers: { 'x-role': 'monitor' } }),
    );
    const ledger = (await response.json()) as Ledger;
    assert.equal(ledger.end?.cause, 'time-limit', 'the ledger served by the handler sees the enforcer’s end');
  });

  test('enforcer: false builds no enforcer; a malformed enforcer option is refused', async () => {
    const options = { livekit: UNREACHABLE_LIVEKIT, authorize: () => null };
    const handlerOnly = createVisitkit({ ...options, enforcer: false });
    assert.equal(handlerOnly.enforcer, undefined);
    handlerOnly.start();
    await handlerOnly.stop();
    assert.ok(createVisitkit(options).enforcer, 'an enforcer by default');
    assert.ok(createVisitkit(options).store instanceof MemoryVisitStore, 'a memory store by default');
    assert.throws(() => createVisitkit({ ...options, enforcer: 'yes' as never }), /enforcer must be/);
  });

  test('an enforcer built alone must be given a store, or null as an explicit choice', () => {
    assert.throws(() => createEnforcer({ livekit: UNREACHABLE_LIVEKIT } as never), /pass the store your handler uses/);
    assert.ok(createEnforcer({ livekit: UNREACHABLE_LIVEKIT, store: null }));
    assert.ok(createEnforcer({ livekit: UNREACHABLE_LIVEKIT, store: new MemoryVisitStore() }));
  });
});
