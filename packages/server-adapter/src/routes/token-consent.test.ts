// The consent block of the token route: a consent to rules that are no longer current is refused before
// anything else happens. (Recording a consent needs a token issued: see ledger.test.ts, real LiveKit.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_STATUS, rulesSha256 } from '@visitkit/core/protocol';
import { errorOf, NOW, post, testHandler, visit } from '../test-support/fixtures.js';

const TOKEN = '/visits/visit-1/token';
const accepted_at = new Date(NOW - 5_000).toISOString();

describe('POST /visits/:visitId/token: consent to the current rules', async () => {
  const current = await rulesSha256('Be respectful. No recordings.');
  const spanish = await rulesSha256('Sea respetuoso. Nada de grabaciones.');
  const older = await rulesSha256('Be respectful.');

  test('409 consent-outdated for a consent to another text, or one that does not say which text', async () => {
    assert.equal(ERROR_STATUS['consent-outdated'], 409);
    const { handle, events } = testHandler();
    const rules = visit({ requireConsent: true, rulesSha256: [current, spanish] });
    for (const consent of [{ accepted_at, text_sha256: older }, { accepted_at }]) {
      const error = await errorOf(await handle(post(TOKEN, { visit: rules }, { consent })));
      assert.deepEqual([error.status, error.code], [409, 'consent-outdated'], JSON.stringify(consent));
      assert.match(error.message, /rules have changed/);
    }
    // Not only where consent is required: any consent given is checked.
    const optional = visit({ rulesSha256: current });
    const error = await errorOf(
      await handle(post(TOKEN, { visit: optional }, { consent: { accepted_at, text_sha256: older } })),
    );
    assert.equal(error.code, 'consent-outdated');
    assert.equal(events.length, 0, 'nothing recorded for a refused consent');
  });

  test('a consent to any current text (one per language) gets past the check', async () => {
    const { handle } = testHandler();
    for (const text_sha256 of [current, spanish]) {
      const rules = visit({ requireConsent: true, rulesSha256: [current, spanish] });
      // Past the consent checks the route reaches the (unreachable) LiveKit: 502, not 409.
      const error = await errorOf(
        await handle(post(TOKEN, { visit: rules }, { consent: { accepted_at, text_sha256 } })),
      );
      assert.equal(error.code, 'livekit-unreachable');
    }
    // Without rulesSha256 the portal states no current text: any consent is taken.
    const open = await errorOf(
      await handle(post(TOKEN, { visit: visit() }, { consent: { accepted_at, text_sha256: older } })),
    );
    assert.equal(open.code, 'livekit-unreachable');
  });

  test("a malformed rulesSha256 from authorize is the portal's configuration error (500)", async () => {
    const { handle } = testHandler();
    for (const rulesSha256 of ['abc', [current.toUpperCase()], []]) {
      const error = await errorOf(await handle(post(TOKEN, { visit: visit({ rulesSha256 }) })));
      assert.deepEqual([error.status, error.code], [500, 'misconfigured'], JSON.stringify(rulesSha256));
    }
  });
});
