// End to end, issue 18: the start of a visit is enforced by the server, not by the browser. Two raw livekit-client
// pages (what anyone with a token from the lobby can run, whatever Visitkit's own client does) join minutes — here
// seconds — before `startsAt`: they must receive nothing from each other until the start, and then media must flow
// without any action of theirs. Real LiveKit v1.13.5 with its default `auto_create`, real Chromium, the adapter's
// webhooks and an enforcer ticking every 5 s.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEnforcer } from '@visitkit/server-adapter';
import { launchChromium } from './support/browser.mjs';
import { eventually, PARTY_PAGE, startRawPageStack } from './support/raw-page-stack.mjs';
import { encodeCaller } from './support/test-visit-api.mjs';

const LEAD_MS = 12_000; // how long before startsAt the parties are in the room together

describe('e2e: nobody receives media before startsAt, whatever their client', () => {
  let livekit;
  let stack;
  let baseUrl;
  let api;
  let browser;
  let enforcer;
  const pages = [];

  before(async () => {
    stack = await startRawPageStack({ name: 'visit-start', page: PARTY_PAGE, livekit: { autoCreate: true } });
    ({ baseUrl, livekit, api } = stack);
    enforcer = createEnforcer({ livekit, store: api.store, intervalMs: 5000, log: () => {} });
    enforcer.start();
    browser = await launchChromium();
  });

  after(async () => {
    await enforcer?.stop();
    for (const page of pages)
      await page
        .context()
        .close()
        .catch(() => {});
    await browser?.close();
    await stack?.stop();
  });

  test('raw clients in the room before startsAt receive nothing until the start, then media flows by itself', async (t) => {
    const startsAt = Date.now() + LEAD_MS + 8_000;
    const visit = {
      id: 'e2e-start',
      kind: 'social',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 20 * 60_000).toISOString(),
    };
    const parties = [];
    for (const who of [
      { identity: 'res-1', role: 'resident' },
      { identity: 'fam-1', role: 'visitor' },
    ]) {
      const as = encodeCaller({ name: who.identity, visit, ...who });
      const response = await fetch(`${baseUrl}/api/visitkit/visits/${visit.id}/token?as=${as}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const issued = await response.json();
      assert.equal(response.status, 200, JSON.stringify(issued));
      const page = await (await browser.newContext()).newPage();
      pages.push(page);
      await page.goto(baseUrl);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
      await page.evaluate(([url, jwt]) => window.vk.join(url, jwt), [issued.server_url, issued.participant_token]);
      parties.push({ ...who, page });
    }
    assert.ok(Date.now() < startsAt - 2_000, 'both are in the room well before the start');
    // Until the start: nothing from the other, although both publish camera and microphone.
    while (Date.now() < startsAt - 300) {
      for (const party of parties)
        assert.deepEqual(
          await party.page.evaluate(() => window.vk.live()),
          [],
          `${party.identity} receives nothing before startsAt`,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // From the start: media flows, nobody did anything.
    for (const party of parties) {
      await eventually(
        async () => (await party.page.evaluate(() => window.vk.live())).length > 0,
        `${party.identity} receives media after startsAt`,
      );
    }
    const first = Math.min(
      ...(await Promise.all(parties.map((p) => p.page.evaluate(() => window.vk.subscribed[0]?.at ?? Infinity)))),
    );
    t.diagnostic(`first remote track subscribed ${first - startsAt} ms after startsAt`);
    assert.ok(first >= startsAt, 'nothing was subscribed before startsAt');
  });
});
