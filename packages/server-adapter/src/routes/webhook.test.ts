import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRoomMetadata, VisitInputSchema } from '@visitkit/core/protocol';
import { errorOf, NOW, signedWebhook, testHandler, visit } from '../test-support/fixtures.js';

const metadata = JSON.stringify({ visitkit: 1, visit: VisitInputSchema.parse(visit()) });

function joined(overrides: Record<string, unknown> = {}) {
  return {
    event: 'participant_joined',
    id: 'EV_joined_1',
    createdAt: String(Math.floor(NOW / 1000)),
    room: { sid: 'RM_1', name: 'vk_abc', metadata },
    participant: {
      sid: 'PA_1',
      identity: 'res-1',
      name: 'Resident One',
      joinedAtMs: String(NOW - 250),
      attributes: { 'visitkit.role': 'resident', 'visitkit.visit': 'visit-1' },
    },
    ...overrides,
  };
}

describe('POST /livekit/webhook', () => {
  test('a signed event becomes a typed VisitEvent, stored and reported before 200', async () => {
    assert.ok(parseRoomMetadata(metadata));
    const { handle, events, store } = testHandler();
    const response = await handle(await signedWebhook(joined()));
    assert.equal(response.status, 200);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0], {
      id: 'lk_EV_joined_1',
      visitId: 'visit-1',
      at: new Date(NOW - 250).toISOString(),
      type: 'participant-joined',
      participant: { identity: 'res-1', sid: 'PA_1', role: 'resident', name: 'Resident One' },
    });
    assert.equal((await store.list('visit-1')).length, 1);
  });

  test('a re-delivered event is stored once', async () => {
    const { handle, store } = testHandler();
    for (let i = 0; i < 3; i += 1) assert.equal((await handle(await signedWebhook(joined()))).status, 200);
    assert.equal((await store.list('visit-1')).length, 1);
  });

  test('the visit comes from participant attributes when the room carries no metadata', async () => {
    const { handle, events } = testHandler();
    await handle(
      await signedWebhook(
        joined({
          event: 'participant_left',
          id: 'EV_left',
          room: { sid: 'RM_1', name: 'vk_abc' },
          participant: { ...joined().participant, disconnectReason: 'CLIENT_INITIATED' },
        }),
      ),
    );
    assert.equal(events[0]?.type, 'participant-left');
    assert.ok(events[0]?.type === 'participant-left');
    assert.equal(events[0].reason, 'CLIENT_INITIATED');
    assert.equal(events[0].visitId, 'visit-1');
  });

  test('whole-second LiveKit times are refined by the receive time, never outside that second', async () => {
    const left = (id: string) =>
      joined({
        event: 'participant_left',
        id,
        participant: { ...joined().participant, disconnectReason: 'CLIENT_INITIATED' },
      });
    for (const [delay, expected] of [
      [400, NOW + 400],
      [5000, NOW + 999],
    ] as const) {
      const { handle, events } = testHandler({ now: () => NOW + delay });
      assert.equal((await handle(await signedWebhook(left(`EV_${delay}`)))).status, 200);
      assert.equal(events[0]?.at, new Date(expected).toISOString(), `received ${delay} ms later`);
    }
  });

  test('a monitor joining makes the adapter recount monitors in LiveKit: 5xx while LiveKit is unreachable, so it is retried', async () => {
    const { handle, events } = testHandler();
    const monitor = {
      ...joined().participant,
      identity: 'officer-1',
      attributes: { 'visitkit.role': 'monitor', 'visitkit.visit': 'visit-1' },
    };
    const response = await handle(await signedWebhook(joined({ id: 'EV_monitor', participant: monitor })));
    assert.equal(response.status, 502);
    assert.equal(events.length, 1, 'the event itself is recorded; a re-delivery is the same event');
  });

  test('a party joining a requireMonitor visit recounts too (its token may be outdated); on other visits it does not', async () => {
    const { handle } = testHandler();
    const supervised = JSON.stringify({
      visitkit: 1,
      visit: VisitInputSchema.parse(visit({ monitored: true, requireMonitor: true })),
    });
    const room = { sid: 'RM_1', name: 'vk_abc', metadata: supervised };
    assert.equal(
      (await handle(await signedWebhook(joined({ id: 'EV_party', room })))).status,
      502,
      'recounting needs LiveKit',
    );
    assert.equal((await handle(await signedWebhook(joined({ id: 'EV_other' })))).status, 200, 'no LiveKit call');
  });

  test('rooms that are not visits are acknowledged and ignored', async () => {
    const { handle, events } = testHandler();
    const response = await handle(
      await signedWebhook({
        event: 'room_started',
        id: 'EV_x',
        createdAt: String(NOW / 1000),
        room: { name: 'other' },
      }),
    );
    assert.equal(response.status, 200);
    assert.equal(events.length, 0);
  });

  test('unsigned, tampered, wrong-key and stale webhooks are 401 and change nothing', async () => {
    const { handle, events } = testHandler();
    const unsigned = await signedWebhook(joined());
    unsigned.headers.delete('authorization');
    const cases: [string, Request][] = [
      ['unsigned', unsigned],
      ['tampered', await signedWebhook(joined(), { tamper: true })],
      [
        'wrong key',
        await signedWebhook(joined(), { apiKey: 'APIother', apiSecret: 'other-secret-0123456789abcdef0123456789' }),
      ],
      ['wrong secret', await signedWebhook(joined(), { apiSecret: 'other-secret-0123456789abcdef0123456789' })],
      ['older than a day', await signedWebhook(joined({ createdAt: String(Math.floor(NOW / 1000) - 86_401) }))],
      ['JWT expired over a day ago', await signedWebhook(joined(), { expiredSecondsAgo: 86_460 })],
      [
        'garbage token',
        new Request('http://portal.test/api/visitkit/livekit/webhook', {
          method: 'POST',
          headers: { authorization: 'Bearer nope', 'content-type': 'application/webhook+json' },
          body: '{}',
        }),
      ],
    ];
    for (const [name, request] of cases) {
      const error = await errorOf(await handle(request));
      assert.deepEqual([error.status, error.code], [401, 'unauthenticated'], name);
    }
    assert.equal(events.length, 0);
  });

  test('a correctly signed delivery 6 minutes late (adapter was down; its JWT expired) is accepted, once', async () => {
    const { handle, store } = testHandler({ now: () => NOW + 6 * 60_000 });
    for (let i = 0; i < 2; i += 1) {
      const response = await handle(await signedWebhook(joined(), { expiredSecondsAgo: 60 }));
      assert.equal(response.status, 200, await response.clone().text());
    }
    const events = await store.list('visit-1');
    assert.deepEqual(
      events.map((e) => [e.type, e.at]),
      [['participant-joined', new Date(NOW - 250).toISOString()]],
    );
  });

  test('5xx when onEvent or the store fails, so LiveKit retries; then 200 on retry', async () => {
    let failures = 1;
    const { handle, events } = testHandler({
      onEvent: () => {
        if (failures-- > 0) throw new Error('audit database down');
      },
    });
    const first = await handle(await signedWebhook(joined()));
    assert.equal(first.status, 500);
    assert.ok(!(await first.text()).includes('audit database'));
    assert.equal((await handle(await signedWebhook(joined()))).status, 200);
    assert.equal(events.length, 0, 'the test onEvent replaced the recording one');

    const broken = testHandler({
      store: {
        append: async () => {
          throw new Error('disk full');
        },
        list: async () => [],
        termination: async () => undefined,
      },
    });
    assert.equal((await broken.handle(await signedWebhook(joined()))).status, 500);
    assert.equal(broken.events.length, 0, 'onEvent is not told about an event that was not stored');
  });
});
