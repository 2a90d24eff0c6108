// End to end on LiveKit's default configuration (`room.auto_create: true`, as on LiveKit Cloud): after staff
// terminate a visit, the resident and the visitor rejoin at once with the tokens they were given before. LiveKit
// re-creates the room for them — without the visit policy — and the adapter's webhook path must take it away
// again before they see or hear each other. Real LiveKit v1.13.5, real Chromium with fake camera + microphone,
// raw livekit-client pages (what someone with a kept token can do, whatever Visitkit's own client does).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import { buildLedger, roomNameFor } from '@visitkit/server-adapter';
import { launchChromium } from './support/browser.mjs';
import { eventually, minutes, PARTY_PAGE, startRawPageStack } from './support/raw-page-stack.mjs';
import { encodeCaller } from './support/test-visit-api.mjs';

const REFUSED_WITHIN_MS = 5_000; // the requirement: within 5 s of rejoining, no media between the parties
const HOLD_MS = 3_000; // and it stays so

describe('e2e: a terminated visit stays terminated on LiveKit with auto_create', () => {
  let livekit;
  let stack;
  let baseUrl;
  let api;
  let rooms;
  let browser;
  const pages = [];

  before(async () => {
    stack = await startRawPageStack({
      name: 'rejoin-after-terminate',
      page: PARTY_PAGE,
      livekit: { autoCreate: true, departureTimeout: 2 },
      handlerOptions: { terminateGraceMs: 300, departureTimeoutSeconds: 2 },
    });
    ({ baseUrl, livekit, api } = stack);
    rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    // No enforcer: this is the webhook path on its own (the enforcer's is tested in the adapter's node tests).
    browser = await launchChromium();
  });

  after(async () => {
    for (const page of pages)
      await page
        .context()
        .close()
        .catch(() => {});
    await browser?.close();
    await stack?.stop();
  });

  async function token(visit, who) {
    const as = encodeCaller({ name: who.identity, visit, ...who });
    const response = await fetch(`${baseUrl}/api/visitkit/visits/${visit.id}/token?as=${as}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    return body;
  }

  async function openPage() {
    const page = await (await browser.newContext()).newPage();
    pages.push(page);
    await page.goto(baseUrl);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    return page;
  }

  /**
   * Both parties see and hear each other; staff terminate; both rejoin at once with a token `pick` chooses from
   * the ones their client held. Within 5 s (and from then on) neither receives anything from the other.
   */
  async function rejoinAfterTerminate(t, id, pick) {
    const visit = { id, kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const parties = [];
    for (const who of [
      { identity: 'res-1', role: 'resident' },
      { identity: 'fam-1', role: 'visitor' },
    ]) {
      const issued = await token(visit, who);
      const page = await openPage();
      await page.evaluate(([url, jwt]) => window.vk.join(url, jwt), [issued.server_url, issued.participant_token]);
      parties.push({ ...who, page, url: issued.server_url, jwt: issued.participant_token });
    }
    // Before: media flows between them (so "nothing after" means something). On a loaded machine Chromium's fake
    // camera sometimes publishes late; any remote track proves the grant.
    for (const party of parties) {
      await eventually(
        async () => (await party.page.evaluate(() => window.vk.live())).length > 0,
        `${party.identity} receives media`,
      );
    }

    const as = encodeCaller({ identity: 'officer-1', name: 'Officer', role: 'monitor', visit });
    const terminated = await fetch(`${baseUrl}/api/visitkit/visits/${visit.id}/terminate?as=${as}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Contraband on camera' }),
    });
    assert.equal(terminated.status, 200);
    for (const party of parties)
      await eventually(() => party.page.evaluate(() => window.vk.disconnected), `${party.identity} disconnected`);

    // Right away, both come back with the tokens they kept (signed, unexpired). LiveKit re-creates the room.
    const kept = [];
    for (const party of parties) kept.push(pick(await party.page.evaluate(() => window.vk.tokens)));
    t.diagnostic(
      `rejoin tokens carry canSubscribe: ${kept.map((jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).video.canSubscribe === true).join(' / ')}`,
    );
    const rejoinedAt = Date.now();
    const outcomes = await Promise.all(
      parties.map((party, i) =>
        party.page.evaluate(
          ([url, jwt]) =>
            window.vk.join(url, jwt).then(
              () => 'joined',
              (e) => `refused: ${e.message}`,
            ),
          [party.url, kept[i]],
        ),
      ),
    );
    t.diagnostic(`rejoin outcomes: ${outcomes.join(' / ')}`);

    // Within 5 s neither receives anything from the other, and it stays so.
    await eventually(
      async () => {
        for (const party of parties) if ((await party.page.evaluate(() => window.vk.live())).length > 0) return false;
        return true;
      },
      'no media between the parties',
      REFUSED_WITHIN_MS,
    );
    const holdUntil = Date.now() + HOLD_MS;
    while (Date.now() < holdUntil) {
      for (const party of parties)
        assert.deepEqual(await party.page.evaluate(() => window.vk.live()), [], `${party.identity} receives nothing`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const leaked = [];
    for (const party of parties) {
      const late = (await party.page.evaluate(() => window.vk.subscribed)).filter((s) => s.at >= rejoinedAt);
      leaked.push(`${party.identity}: ${late.length} track(s) subscribed after the rejoin`);
    }
    t.diagnostic(leaked.join('; '));

    // Whoever got in was refused and recorded; the room is not left open.
    await eventually(async () => (await rooms.listRooms([room])).length === 0, 'the re-created room is closed');
    const events = await api.store.list(visit.id);
    const termination = events.find((e) => e.type === 'visit-terminated');
    const rejoins = events.filter(
      (e) => e.type === 'participant-joined' && Date.parse(e.at) >= Date.parse(termination.at),
    );
    const refused = events.filter((e) => e.type === 'rejoin-refused');
    t.diagnostic(`rejoins recorded: ${rejoins.map((e) => e.participant.identity).join(', ') || 'none'}`);
    assert.ok(
      rejoins.length > 0 || outcomes.every((o) => o.startsWith('refused')),
      'either someone got in (and was recorded) or nobody did',
    );
    for (const joined of rejoins) {
      const refusal = refused.find((e) => e.participant.sid === joined.participant.sid);
      assert.ok(refusal, `the rejoin of ${joined.participant.identity} was refused and recorded`);
      assert.equal(refusal.reason, 'visit-terminated');
    }
    const ledger = buildLedger(visit.id, events);
    assert.equal(ledger.end?.cause, 'staff');
    for (const joined of rejoins) {
      const intervals = ledger.participants.find((p) => p.identity === joined.participant.identity)?.intervals ?? [];
      assert.ok(
        intervals.some((i) => i.joinedAt === joined.at),
        `the ledger shows ${joined.participant.identity}'s attempt`,
      );
    }
    for (const party of parties) {
      await party.page.evaluate(() => window.vk.leave()).catch(() => {});
      await party.page.context().close(); // frees the fake devices and connections for the next scenario
    }
  }

  test('rejoining with the tokens the portal issued: no media between the parties; the ledger shows the attempt', (t) =>
    rejoinAfterTerminate(t, 'e2e-rejoin-issued', (tokens) => tokens[0]));

  test("rejoining with the last token livekit-client held (LiveKit's refresh, sent at terminate): no media", (t) =>
    rejoinAfterTerminate(t, 'e2e-rejoin-refreshed', (tokens) => tokens.at(-1)));

  test('rejoining with a refreshed token kept from while they were live (canSubscribe): no media within 5 s', (t) =>
    rejoinAfterTerminate(
      t,
      'e2e-rejoin-kept',
      (tokens) =>
        tokens.find(
          (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).video.canSubscribe === true,
        ) ?? tokens.at(-1),
    ));
});
