import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorOf, post, testHandler, visit } from './test-support/fixtures.js';

describe('authorize scope (actions)', () => {
  test("an action outside the caller's `actions` is 403 forbidden; inside it, the route runs", async () => {
    const { handle, events } = testHandler();
    const observer = { role: 'monitor' as const, identity: 'officer-2', actions: ['token', 'ledger'] };
    const terminate = await errorOf(await handle(post('/visits/visit-1/terminate', observer, { reason: 'x' })));
    assert.deepEqual([terminate.status, terminate.code], [403, 'forbidden']);
    const warn = await errorOf(await handle(post('/visits/visit-1/warn', observer, { code: 'language' })));
    assert.equal(warn.code, 'forbidden');
    assert.equal(events.length, 0, 'nothing was recorded for a refused action');
    const ledger = await handle(
      new Request('http://portal.test/api/visitkit/visits/visit-1/ledger', {
        headers: { 'x-test-caller': JSON.stringify({ name: 'O', visit: visit(), ...observer }) },
      }),
    );
    assert.equal(ledger.status, 200);
  });

  test("unknown actions are the portal's configuration error (500 misconfigured)", async () => {
    const { handle } = testHandler();
    const error = await errorOf(await handle(post('/visits/visit-1/token', { actions: ['everything'] } as never, {})));
    assert.deepEqual([error.status, error.code], [500, 'misconfigured']);
  });
});
