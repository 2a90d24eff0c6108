// End to end on the sample portal: a full social visit between a family member (phone page) and the resident
// (facility kiosk), with a real LiveKit server, the portal's webhooks feeding the ledger (PGlite) and the
// enforcer ending the visit at endsAt. The visit is time-compressed: 40 s with warnings 25 s and 12 s before the end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import {
  decodedRemoteVideo,
  eventually,
  joinFromWidget,
  cspViolations,
  openAs,
  recordClientEvents,
  remoteMedia,
  startPortalStack,
  visibleText,
  waitForState,
} from './support/portal.mjs';

describe('portal: a full social visit', () => {
  let stack;
  let browser;
  let visit;
  let family;
  let kiosk;
  let bothLiveAt;

  before(async () => {
    stack = await startPortalStack({ name: 'social', kioskReturnMs: 3000 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('both sides join, see and hear each other, and are told the visit is monitored and recorded', async () => {
    visit = await stack.createVisit({
      endIn: 40_000,
      recorded: true,
      monitored: true,
      warnings: [25, 12],
      participantIds: ['james', 'maria'],
    });
    family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, {
      viewport: { width: 390, height: 844 },
    });
    kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    for (const side of [family, kiosk]) {
      await joinFromWidget(side.page);
      await side.page.waitForFunction(() => document.querySelector('vk-visit')?.client?.state !== 'prejoin');
      await recordClientEvents(side.page);
    }
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');
    bothLiveAt = Date.now();

    for (const [side, other] of /** @type {[typeof family, string][]} */ ([
      [family, 'james'],
      [kiosk, 'maria'],
    ])) {
      const media = await eventually(async () => {
        const remote = (await remoteMedia(side.page)).find((p) => p.identity === other);
        return remote?.video && remote?.audio ? remote : undefined;
      }, `${other}'s camera and microphone reach the other side`);
      assert.ok(media.video && media.audio);
      await eventually(
        async () => (await decodedRemoteVideo(side.page)) > 0,
        'remote video frames are decoded and shown',
      );
      assert.match(await visibleText(side.page), /This visit is monitored and recorded\./);
      // The portal's CSP is on (nonce scripts, connect-src LiveKit): a live visit must not trip it.
      assert.deepEqual(cspViolations(side.logs), [], 'the page CSP lets the widget work');
    }
  });

  test('warnings arrive before the end, and the visit ends by itself at endsAt with time-limit', async () => {
    for (const side of [family, kiosk]) {
      await waitForState(side.page, 'ended', { timeoutMs: 90_000 });
      const info = await side.page.evaluate(() => {
        const { endInfo } = document.querySelector('vk-visit').client;
        return { reason: endInfo.reason, endedAt: endInfo.endedAt.getTime(), warnings: window.__vk.warnings };
      });
      assert.equal(info.reason, 'time-limit');
      assert.ok(info.endedAt >= Date.parse(visit.endsAt) - 1500, 'not ended before endsAt');
      assert.ok(info.warnings.includes(25) && info.warnings.includes(12), `warnings seen: ${info.warnings.join(', ')}`);
      assert.match(await visibleText(side.page), /The scheduled time is over\./);
    }
  });

  test("the ledger's both-connected time matches the scripted visit and the end cause is time-limit", async () => {
    const ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      return l.end && l.participants.every((p) => p.intervals.every((i) => i.leftAt)) ? l : undefined;
    }, 'the ledger records the end and every departure');
    assert.equal(ledger.end.cause, 'time-limit');
    const scripted = (Date.parse(visit.endsAt) - bothLiveAt) / 1000;
    assert.ok(
      Math.abs(ledger.bothConnectedSeconds - scripted) <= 4,
      `both connected ${ledger.bothConnectedSeconds}s, scripted ≈ ${scripted.toFixed(1)}s`,
    );
    assert.deepEqual(ledger.participants.map((p) => p.role).sort(), ['resident', 'visitor']);
  });

  test('the kiosk returns to its start screen after the visit', async () => {
    await kiosk.page.waitForURL(`${stack.url}/kiosk`, { timeout: 30_000 });
    assert.match(await visibleText(kiosk.page), /Touch your visit to begin/);
    await family.context.close();
    await kiosk.context.close();
  });
});
