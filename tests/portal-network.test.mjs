// End to end on the sample portal: network trouble in the middle of a visit.
// - Short loss: the LiveKit server stops answering for ~20 s (SIGSTOP, then SIGCONT): both widgets show
//   "reconnecting" and the visit resumes by itself.
// - Long loss: one family member's browser loses its network for good (its traffic goes through a proxy the test
//   cuts): her widget ends with `network`, and once the resident leaves, the ledger's end cause is `system`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import { startCuttableProxy } from './support/portal-proxy.mjs';
import {
  eventually,
  expectLostSideEnded,
  joinFromWidget,
  openAs,
  remoteMedia,
  startPortalStack,
  visibleText,
  waitForState,
} from './support/portal.mjs';

const recordStates = (page) =>
  page.evaluate(() => {
    window.__states = [];
    document.querySelector('vk-visit').client.on('state', (s) => window.__states.push(s));
  });
const statesOf = (page) => page.evaluate(() => window.__states);

describe('portal: network loss mid-visit', () => {
  let stack;
  let proxy;
  let browser;
  let offlineBrowser;
  let family;
  let kiosk;
  let visit;

  before(async () => {
    stack = await startPortalStack({ name: 'network', departureTimeout: 3 });
    proxy = await startCuttableProxy();
    browser = await launchChromium();
    offlineBrowser = await launchChromium({ extraArgs: proxy.chromiumArgs });
  });

  /** Family member and resident in a new live visit; the family member's browser is `familyBrowser`. */
  async function liveVisit(familyBrowser) {
    visit = await stack.createVisit({ endIn: 900_000, participantIds: ['james', 'maria'] });
    family = await openAs(familyBrowser, stack.url, 'maria', `/family/visits/${visit.id}`);
    kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    await joinFromWidget(family.page);
    await joinFromWidget(kiosk.page);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');
  }

  after(async () => {
    if (stack?.livekit.pid) {
      try {
        process.kill(stack.livekit.pid, 'SIGCONT');
      } catch {
        /* already gone */
      }
    }
    await browser?.close();
    await offlineBrowser?.close();
    await proxy?.close();
    await stack?.stop();
  });

  test('a short loss shows "reconnecting" and the visit resumes', async () => {
    await liveVisit(browser);
    for (const side of [family, kiosk]) await recordStates(side.page);
    process.kill(stack.livekit.pid, 'SIGSTOP');
    try {
      await waitForState(kiosk.page, 'reconnecting', { timeoutMs: 45_000 });
      assert.match(await visibleText(kiosk.page), /Reconnecting…/);
      // Each client notices the stall on its own ping timeout: keep the server stopped until both did.
      await eventually(
        async () => (await statesOf(family.page)).includes('reconnecting'),
        'the family side notices too',
        45_000,
      );
    } finally {
      process.kill(stack.livekit.pid, 'SIGCONT');
    }
    for (const side of [family, kiosk]) {
      await waitForState(side.page, 'live', { timeoutMs: 45_000 });
      assert.ok(
        (await statesOf(side.page)).includes('reconnecting'),
        `went through reconnecting: ${await statesOf(side.page)}`,
      );
    }
    await eventually(
      async () => (await remoteMedia(kiosk.page)).some((p) => p.identity === 'maria' && p.video && p.audio),
      'media flows again after the resume',
    );
  });

  test('a long loss ends the visit with network on that side, and the ledger end cause is system', async () => {
    await family.context.close();
    await kiosk.context.close();
    await liveVisit(offlineBrowser);
    await recordStates(family.page);
    proxy.cut();
    await expectLostSideEnded(stack, visit, { lost: family, other: kiosk });
  });
});
