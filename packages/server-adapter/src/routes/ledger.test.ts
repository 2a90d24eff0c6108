// GET /visits/:visitId/ledger: billing by the visit's policy from `authorize`, and every consent given.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LedgerSchema, rulesSha256, type Role, type VisitInput } from '@visitkit/core/protocol';
import { startLiveKit } from '../../../../scripts/lib/livekit-server.mjs';
import { createVisitHandler, type VisitHandler } from '../handler.js';
import { MemoryVisitStore } from '../memory-visit-store.js';
import { NOW, testHandler, visit } from '../test-support/fixtures.js';
import { minutes, type LiveKit } from '../test-support/real-livekit.js';
import type { VisitEvent } from '../visit-events.js';
import type { AuthorizedCaller } from '../authorize.js';

const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();
/** The caller rides in `x-test-caller`, as the unit fixtures' `authorize` reads it. */
const ledgerRequest = (forVisit: VisitInput) =>
  new Request(`http://portal.test/api/visitkit/visits/${forVisit.id}/ledger`, {
    headers: {
      'x-test-caller': JSON.stringify({ identity: 'officer-1', name: 'Officer', role: 'monitor', visit: forVisit }),
    },
  });

describe('GET /visits/:visitId/ledger bills by the visit from authorize', () => {
  const joined = (identity: string, role: Role, seconds: number): VisitEvent => ({
    type: 'participant-joined',
    id: `j-${identity}`,
    visitId: 'visit-1',
    at: at(seconds),
    participant: { identity, role, sid: `PA_${identity}` },
  });

  test('lobby before startsAt and time without a monitor are unbilled, with the reason', async () => {
    const { handle, store } = testHandler({ now: () => NOW + 300_000 });
    for (const event of [
      joined('res-1', 'resident', -60),
      joined('fam-1', 'visitor', -30),
      joined('officer-1', 'monitor', 200),
    ]) {
      await store.append(event);
    }
    const response = await handle(ledgerRequest(visit({ requireMonitor: true, monitored: true })));
    assert.equal(response.status, 200);
    const ledger = LedgerSchema.parse(await response.json());
    assert.equal(ledger.billableSeconds, 100, 'from the monitor joining (200 s) to now (300 s)');
    assert.deepEqual(
      ledger.unbilled.map((u) => [u.reason, u.from, u.to, u.seconds]),
      [
        ['before-start', at(-60), at(0), 60],
        ['waiting-for-monitor', at(0), at(200), 200],
      ],
    );
    // The same events on a visit without requireMonitor: billed from startsAt.
    const open = LedgerSchema.parse(await (await handle(ledgerRequest(visit()))).json());
    assert.equal(open.billableSeconds, 300);
  });
});

describe('consents in the ledger (real LiveKit)', () => {
  let livekit: LiveKit;
  let handle: VisitHandler;
  const store = new MemoryVisitStore();

  before(async () => {
    livekit = await startLiveKit({ name: 'ledger-route' });
    handle = createVisitHandler({
      livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      store,
      authorize: (request) => JSON.parse(request.headers.get('x-test-caller') ?? 'null') as AuthorizedCaller | null,
      log: () => {},
    });
  });
  after(async () => {
    await livekit?.stop();
  });

  const token = (forVisit: VisitInput, identity: string, body: unknown) =>
    handle(
      new Request(`http://portal.test/api/visitkit/visits/${forVisit.id}/token`, {
        method: 'POST',
        headers: {
          'x-test-caller': JSON.stringify({ identity, name: identity, role: 'visitor', visit: forVisit }),
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }),
    );

  test('every consent given is recorded, also where none is required, and listed per participant', async () => {
    const current = await rulesSha256('Be respectful. No recordings.');
    const older = await rulesSha256('Be respectful.');
    const optional: VisitInput = {
      id: 'it-ledger-consent',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      rulesSha256: current,
    };
    const consent = { accepted_at: new Date(Date.now() - 2_000).toISOString(), text_sha256: current };
    assert.equal((await token(optional, 'fam-1', { consent })).status, 200);
    assert.equal(
      (await token(optional, 'fam-1', { consent })).status,
      200,
      'a token refresh re-sends the same consent',
    );
    assert.equal((await token(optional, 'fam-2', {})).status, 200, 'no consent, nothing recorded');
    const outdated = await token(optional, 'fam-3', { consent: { ...consent, text_sha256: older } });
    assert.equal(outdated.status, 409);

    const ledger = LedgerSchema.parse(await (await handle(ledgerRequest(optional))).json());
    assert.deepEqual(
      ledger.participants.map((p) => [p.identity, p.role, p.consents.map((c) => [c.acceptedAt, c.textSha256])]),
      [['fam-1', 'visitor', [[consent.accepted_at, current]]]],
    );
    assert.ok(Math.abs(Date.parse(ledger.participants[0]!.consents[0]!.recordedAt) - Date.now()) < 60_000);
  });

  test('a rules update does not cut off a visit under way: the consent already given is re-sent and accepted', async () => {
    const before = await rulesSha256('Old rules.');
    const after = await rulesSha256('New rules.');
    const visit: VisitInput = {
      id: 'it-rules-update',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      requireConsent: true,
      rulesSha256: before,
    };
    const consent = { accepted_at: new Date(Date.now() - 1_000).toISOString(), text_sha256: before };
    assert.equal((await token(visit, 'fam-1', { consent })).status, 200);
    const updated = { ...visit, rulesSha256: after };
    assert.equal(
      (await token(updated, 'fam-1', { consent })).status,
      200,
      'a token refresh with the consent already given',
    );
    const fresh = { accepted_at: new Date().toISOString(), text_sha256: before };
    assert.equal((await token(updated, 'fam-1', { consent: fresh })).status, 409, 'a new consent to the old rules');
    assert.equal((await token(updated, 'fam-2', { consent })).status, 409, "someone else's consent");
    const ledger = LedgerSchema.parse(await (await handle(ledgerRequest(updated))).json());
    assert.deepEqual(
      ledger.participants.map((p) => [p.identity, p.consents.length]),
      [['fam-1', 1]],
    );
  });
});
