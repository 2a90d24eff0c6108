// End-to-end: billing of a scripted requireMonitor visit against the real LiveKit server, with real Chromium
// participants and webhooks from the server into the adapter. Families pay only while both parties are
// connected after startsAt with a monitor present; the ledger lists the lobby and the waits and says why (±2 s).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import { eventually, startRawPageStack } from './support/raw-page-stack.mjs';
import { encodeCaller } from './support/test-visit-api.mjs';

const SLACK_MS = 2_000;

const PAGE = `<!doctype html><meta charset="utf-8"><title>ledger billing e2e</title><p id="status">loading</p>
<script type="module">
import { Room } from '/livekit-client.esm.mjs';
let room;
window.vk = {
  async join(url, token, publish) {
    room = new Room();
    await room.connect(url, token);
    if (publish) await room.localParticipant.setMicrophoneEnabled(true);
  },
  async leave() { await room?.disconnect(); },
};
document.getElementById('status').textContent = 'ready';
</script>`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('e2e: billing only while media can flow (real LiveKit + Chromium)', () => {
  let stack;
  let baseUrl;
  let api;
  let browser;

  before(async () => {
    stack = await startRawPageStack({
      name: 'ledger-billing-e2e',
      page: PAGE,
      livekit: { departureTimeout: 2 },
      handlerOptions: { departureTimeoutSeconds: 2 },
    });
    ({ baseUrl, api } = stack);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function call(visit, who, action) {
    const as = encodeCaller({ name: who.identity, visit, ...who });
    const response = await fetch(`${baseUrl}/api/visitkit/visits/${visit.id}/${action}?as=${as}`, {
      method: action === 'ledger' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(action === 'ledger' ? {} : { body: '{}' }),
    });
    const body = await response.json();
    assert.equal(response.status, 200, JSON.stringify(body));
    return body;
  }

  async function participant(visit, who) {
    const issued = await call(visit, who, 'token');
    const page = await (await browser.newContext()).newPage();
    await page.goto(baseUrl);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    return { page, url: issued.server_url, jwt: issued.participant_token, publish: who.role !== 'monitor' };
  }

  test('a requireMonitor visit: lobby before startsAt, waits for the monitor, billed only with the monitor there', async (t) => {
    // Far enough ahead that both parties are in before the start even on a loaded machine (three pages to open first).
    const startsAt = Date.now() + 20_000;
    const visit = {
      id: 'e2e-billing',
      kind: 'social',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 20 * 60_000).toISOString(),
      monitored: true,
      requireMonitor: true,
    };
    // Each step is bracketed by the wall clock before and after it; the server's time must fall inside (±2 s).
    const marks = {};
    const step = async (name, who, action) => {
      const before = Date.now();
      if (action === 'join')
        await who.page.evaluate(
          ([url, jwt, publish]) => window.vk.join(url, jwt, publish),
          [who.url, who.jwt, who.publish],
        );
      else await who.page.evaluate(() => window.vk.leave());
      marks[name] = [before, Date.now()];
    };
    const joined = (identity) => () =>
      api.events.some(
        (e) => e.type === 'participant-joined' && e.visitId === visit.id && e.participant.identity === identity,
      );

    const resident = await participant(visit, { identity: 'res-1', role: 'resident' });
    const visitor = await participant(visit, { identity: 'fam-1', role: 'visitor' });
    const officer = await participant(visit, { identity: 'officer-1', role: 'monitor' });
    await step('residentJoined', resident, 'join');
    await sleep(1_000);
    await step('visitorJoined', visitor, 'join');
    await eventually(joined('fam-1'), 'the visitor joined webhook');
    assert.ok(marks.visitorJoined[1] < startsAt, 'the scenario needs both parties in before the start');
    await sleep(Math.max(0, startsAt - Date.now()) + 4_000); // both in, past startsAt, no monitor yet
    await step('monitorJoined', officer, 'join');
    await eventually(joined('officer-1'), 'the monitor joined webhook');
    await sleep(6_000);
    await step('monitorLeft', officer, 'leave');
    await sleep(4_000);
    await step('visitorLeft', visitor, 'leave');
    await sleep(2_000);
    await step('residentLeft', resident, 'leave');
    await eventually(
      () => api.events.some((e) => e.type === 'room-finished' && e.visitId === visit.id),
      'room_finished webhook',
    );

    const ledger = await call(visit, { identity: 'officer-1', role: 'monitor' }, 'ledger');
    const near = (iso, [from, to], what) => {
      const at = Date.parse(iso);
      assert.ok(
        at >= from - SLACK_MS && at <= to + SLACK_MS,
        `${what}: ${iso} not within 2 s of ${new Date(from).toISOString()}…${new Date(to).toISOString()}`,
      );
    };
    const exactly = (iso, ms, what) => assert.equal(iso, new Date(ms).toISOString(), what);
    assert.deepEqual(
      ledger.unbilled.map((u) => u.reason),
      ['before-start', 'waiting-for-monitor', 'waiting-for-monitor', 'one-party-only'],
      JSON.stringify(ledger.unbilled),
    );
    const [lobby, beforeMonitor, afterMonitor, alone] = ledger.unbilled;
    near(lobby.from, marks.residentJoined, 'the lobby begins when the resident joins');
    exactly(lobby.to, startsAt, 'the lobby ends at startsAt');
    exactly(beforeMonitor.from, startsAt, 'waiting for the monitor from startsAt');
    near(beforeMonitor.to, marks.monitorJoined, 'until the monitor joined');
    near(afterMonitor.from, marks.monitorLeft, 'waiting again once the monitor left');
    near(afterMonitor.to, marks.visitorLeft, 'until the visitor left');
    near(alone.from, marks.visitorLeft, 'the resident alone');
    near(alone.to, marks.residentLeft, 'until the resident left');

    const shortest = (marks.monitorLeft[0] - marks.monitorJoined[1]) / 1000;
    const longest = (marks.monitorLeft[1] - marks.monitorJoined[0]) / 1000;
    assert.ok(
      ledger.billableSeconds >= shortest - 2 && ledger.billableSeconds <= longest + 2,
      `billable ${ledger.billableSeconds}s, the monitor was there ${shortest}…${longest}s (±2)`,
    );
    assert.equal(ledger.bothConnectedSeconds, ledger.billableSeconds);
    t.diagnostic(
      `billable ${ledger.billableSeconds}s (monitor there ${shortest}…${longest}s); unbilled ${ledger.unbilled.map((u) => `${u.reason} ${u.seconds}s`).join(', ')}`,
    );
    const res = ledger.participants.find((p) => p.identity === 'res-1');
    const unbilled = ledger.unbilled.reduce((sum, u) => sum + u.seconds, 0);
    assert.ok(
      Math.abs(ledger.billableSeconds + unbilled - res.connectedSeconds) < 0.01,
      'every second the resident was there is billed or explained',
    );
    for (const who of [resident, visitor, officer]) await who.page.context().close();
  });
});
