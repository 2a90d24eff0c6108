import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_SECRET, errorOf, NOW, post, testHandler, visit } from '../test-support/fixtures.js';

const TOKEN = '/visits/visit-1/token';

describe('POST /visits/:visitId/token refusals', () => {
  test('401 when authorize does not recognise the caller', async () => {
    const { handle, events } = testHandler();
    assert.deepEqual(await errorOf(await handle(post(TOKEN, null))), {
      status: 401,
      code: 'unauthenticated',
      message: 'Sign in to join this visit.',
    });
    assert.equal(events.length, 0);
  });

  test('500 misconfigured when the portal marks a privileged visit recorded or monitored', async () => {
    const { handle } = testHandler();
    for (const flag of ['recorded', 'monitored', 'requireMonitor'] as const) {
      const response = await handle(
        post(TOKEN, { role: 'attorney', visit: visit({ kind: 'privileged', [flag]: true }) }),
      );
      const error = await errorOf(response);
      assert.equal(error.status, 500);
      assert.equal(error.code, 'misconfigured');
      assert.match(error.message, /privileged visit/);
      assert.ok(!error.message.includes(API_SECRET));
    }
  });

  test('500 misconfigured for a malformed authorize answer (bad role, no identity, bad times)', async () => {
    const { handle } = testHandler();
    for (const who of [{ role: 'warden' }, { identity: '' }, { visit: { ...visit(), endsAt: 'soon' } }]) {
      const error = await errorOf(await handle(post(TOKEN, who as never)));
      assert.deepEqual([error.status, error.code], [500, 'misconfigured'], JSON.stringify(who));
    }
  });

  test('403 when the signed-in visit is another visit than the URL', async () => {
    const { handle } = testHandler();
    const error = await errorOf(await handle(post(TOKEN, { visit: visit({ id: 'visit-2' }) })));
    assert.deepEqual([error.status, error.code], [403, 'forbidden']);
  });

  test('403 privileged-visit for a monitor on a privileged visit; 403 for the wrong guest role', async () => {
    const { handle } = testHandler();
    const privileged = visit({ kind: 'privileged' });
    const monitor = await errorOf(await handle(post(TOKEN, { role: 'monitor', visit: privileged })));
    assert.deepEqual([monitor.status, monitor.code], [403, 'privileged-visit']);
    const visitor = await errorOf(await handle(post(TOKEN, { role: 'visitor', visit: privileged })));
    assert.deepEqual([visitor.status, visitor.code], [403, 'forbidden']);
    const attorney = await errorOf(await handle(post(TOKEN, { role: 'attorney', visit: visit() })));
    assert.deepEqual([attorney.status, attorney.code], [403, 'forbidden']);
  });

  test('403 not-monitored for a monitor on a social visit that is not monitored (requireMonitor implies monitored)', async () => {
    const { handle, events } = testHandler();
    const error = await errorOf(await handle(post(TOKEN, { role: 'monitor', visit: visit({ monitored: false }) })));
    assert.deepEqual([error.status, error.code], [403, 'not-monitored']);
    assert.equal(events.length, 0);
    const inconsistent = await errorOf(
      await handle(post(TOKEN, { visit: visit({ requireMonitor: true, monitored: false }) })),
    );
    assert.deepEqual([inconsistent.status, inconsistent.code], [500, 'misconfigured']);
    assert.match(inconsistent.message, /requires a monitor must be monitored/);
    // On a monitored visit the monitor gets past the check and reaches the (unreachable) LiveKit.
    const allowed = await errorOf(await handle(post(TOKEN, { role: 'monitor', visit: visit({ monitored: true }) })));
    assert.equal(allowed.code, 'livekit-unreachable');
  });

  test('409 before the lobby opens and from endsAt on (times as Date objects too)', async () => {
    const { handle } = testHandler();
    const early = visit({ startsAt: new Date(NOW + 11 * 60_000), endsAt: new Date(NOW + 60 * 60_000) });
    const tooEarly = await errorOf(await handle(post(TOKEN, { visit: early })));
    assert.deepEqual([tooEarly.status, tooEarly.code], [409, 'not-open-yet']);
    const over = visit({ startsAt: new Date(NOW - 60 * 60_000).toISOString(), endsAt: new Date(NOW).toISOString() });
    const ended = await errorOf(await handle(post(TOKEN, { visit: over })));
    assert.deepEqual([ended.status, ended.code], [409, 'visit-ended']);
  });

  test('409 visit-terminated once staff terminated the visit', async () => {
    const { handle, store } = testHandler();
    await store.append({
      type: 'visit-terminated',
      id: 't1',
      visitId: 'visit-1',
      at: new Date(NOW - 1000).toISOString(),
      staff: { identity: 'officer-1' },
      reason: 'conduct',
    });
    const error = await errorOf(await handle(post(TOKEN, {})));
    assert.deepEqual([error.status, error.code], [409, 'visit-terminated']);
  });

  test('428 consent-required without consent; monitors need none', async () => {
    const { handle, events } = testHandler();
    const asking = visit({ requireConsent: true, monitored: true });
    const error = await errorOf(await handle(post(TOKEN, { visit: asking })));
    assert.deepEqual([error.status, error.code], [428, 'consent-required']);
    assert.equal(events.length, 0);
    // The monitor gets past consent and reaches the (unreachable) LiveKit: 502, not 428.
    const monitor = await errorOf(await handle(post(TOKEN, { role: 'monitor', visit: asking })));
    assert.equal(monitor.code, 'livekit-unreachable');
  });

  test('502 livekit-unreachable when LiveKit cannot create the room; nothing about it leaks', async () => {
    const { handle, events, logs } = testHandler();
    const response = await handle(post(TOKEN, {}));
    const text = await response.text();
    assert.equal(response.status, 502);
    assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'livekit-unreachable');
    assert.ok(!text.includes('127.0.0.1') && !text.includes(API_SECRET), text);
    assert.equal(events.length, 0, 'no token-issued event for a failed request');
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /POST \/visits\/:visitId\/token → 502 livekit-unreachable/);
  });
});
