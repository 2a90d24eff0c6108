import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorOf, post, testHandler, visit } from '../test-support/fixtures.js';

const monitor = { identity: 'officer-1', name: 'Officer One', role: 'monitor' as const };

describe('staff routes refusals', () => {
  for (const action of ['terminate', 'warn', 'mute'] as const) {
    test(`${action}: 401 without sign-in, 403 for non-monitors`, async () => {
      const { handle, events } = testHandler();
      const body = { reason: 'conduct', code: 'conduct', identity: 'res-1', track: 'audio' };
      assert.equal((await handle(post(`/visits/visit-1/${action}`, null, body))).status, 401);
      for (const role of ['resident', 'visitor'] as const) {
        const error = await errorOf(await handle(post(`/visits/visit-1/${action}`, { role }, body)));
        assert.deepEqual([error.status, error.code], [403, 'forbidden']);
      }
      assert.equal(events.length, 0);
    });
  }

  test('bodies are validated: terminate needs a reason, warn a code, mute an identity and track', async () => {
    const { handle } = testHandler();
    const cases: [string, unknown][] = [
      ['terminate', {}],
      ['terminate', { reason: '   ' }],
      ['warn', { code: 'Not A Code' }],
      ['mute', { identity: 'res-1', track: 'screen' }],
    ];
    for (const [action, body] of cases) {
      const error = await errorOf(await handle(post(`/visits/visit-1/${action}`, monitor, body)));
      assert.deepEqual([error.status, error.code], [400, 'bad-request'], `${action} ${JSON.stringify(body)}`);
    }
  });

  test('warn and mute are refused on privileged visits', async () => {
    const { handle } = testHandler();
    const privileged = { ...monitor, visit: visit({ kind: 'privileged' }) };
    for (const [action, body] of [
      ['warn', { code: 'conduct' }],
      ['mute', { identity: 'att-1', track: 'audio' }],
    ] as const) {
      const error = await errorOf(await handle(post(`/visits/visit-1/${action}`, privileged, body)));
      assert.deepEqual([error.status, error.code], [403, 'privileged-visit']);
    }
  });

  test('mute is refused on a visit that is not monitored (it presumes listening); terminate and warn are not', async () => {
    const { handle, events } = testHandler();
    const social = { ...monitor, visit: visit({ monitored: false }) };
    const mute = await errorOf(
      await handle(post('/visits/visit-1/mute', social, { identity: 'res-1', track: 'audio' })),
    );
    assert.deepEqual([mute.status, mute.code], [403, 'not-monitored']);
    assert.equal(events.length, 0);
    const monitored = { ...monitor, visit: visit({ monitored: true }) };
    const reaches = await errorOf(
      await handle(post('/visits/visit-1/mute', monitored, { identity: 'res-1', track: 'audio' })),
    );
    assert.equal(reaches.code, 'livekit-unreachable', 'a monitored visit gets as far as LiveKit');
    const warn = await errorOf(await handle(post('/visits/visit-1/warn', social, { code: 'conduct' })));
    assert.equal(warn.code, 'livekit-unreachable', 'warn is allowed: it does not presume listening');
  });

  test('terminate records the staff member and reason before touching LiveKit, then refuses tokens', async () => {
    const { handle, events } = testHandler();
    const response = await handle(post('/visits/visit-1/terminate', monitor, { reason: 'Threatening language' }));
    assert.equal(response.status, 502, 'LiveKit is unreachable in this test');
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event?.type, 'visit-terminated');
    assert.ok(event?.type === 'visit-terminated');
    assert.deepEqual(event.staff, { identity: 'officer-1', name: 'Officer One' });
    assert.equal(event.reason, 'Threatening language');
    const token = await errorOf(await handle(post('/visits/visit-1/token', {})));
    assert.deepEqual([token.status, token.code], [409, 'visit-terminated']);
  });
});
