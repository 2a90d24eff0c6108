// End to end on the sample portal: the seeded supervised visit (`requireMonitor`). The resident at the kiosk and a
// family member join and wait in the lobby ("waiting for a staff member"), without seeing each other; once the
// officer starts monitoring from the staff page both go live and see each other, and the officer stays unseen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import {
  eventually,
  joinFromWidget,
  openAs,
  remoteMedia,
  startPortalStack,
  visibleText,
  waitForState,
} from './support/portal.mjs';

const VISIT = 'monitor-required'; // DEMO.visits.monitorRequired in examples/portal/src/seed.ts: james + luis
const WAITING_FOR_MONITOR = 'Waiting for a staff member to join…'; // lobby.waitingForMonitor in @visitkit/elements' en catalog

/** Remote people whose tile shows their video with decoded frames, or plays their audio (shadow roots included). */
function remoteTileMedia(page) {
  return page.evaluate(() => {
    const media = { video: [], audio: [] };
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'VK-TILE' && el.participant && !el.participant.isLocal) {
          const video = el.shadowRoot?.querySelector('video');
          if (video && !video.hidden && video.videoWidth > 0) media.video.push(el.participant.identity);
          const audio = el.shadowRoot?.querySelector('audio');
          if (audio?.srcObject && !audio.paused) media.audio.push(el.participant.identity);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return media;
  });
}
const remoteTilesWithVideo = async (page) => (await remoteTileMedia(page)).video;

describe('portal: a visit that requires a monitor', () => {
  let stack;
  let browser;
  let kiosk;
  let family;

  before(async () => {
    stack = await startPortalStack({ name: 'monitor-required' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('resident and visitor wait for a staff member without seeing each other', async () => {
    kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${VISIT}`);
    // Luis's portal language is Spanish; he switches the page to English like anyone could.
    family = await openAs(browser, stack.url, 'luis', `/family/visits/${VISIT}?lang=en`);
    await joinFromWidget(kiosk.page);
    await joinFromWidget(family.page);
    for (const [side, other] of /** @type {[typeof kiosk, string][]} */ ([
      [kiosk, 'luis'],
      [family, 'james'],
    ])) {
      // Connected to each other in LiveKit (so "waiting-for-party" is over), held back by the missing monitor.
      await eventually(
        async () => (await remoteMedia(side.page)).some((p) => p.identity === other),
        `${other} is in the room`,
        undefined,
        () => remoteMedia(side.page),
      );
      await eventually(
        () => side.page.evaluate(() => document.querySelector('vk-visit').client.lobbyReason === 'waiting-for-monitor'),
        'the client waits in the lobby for a monitor',
        undefined,
        () =>
          side.page.evaluate(() => ({
            state: document.querySelector('vk-visit').client.state,
            reason: document.querySelector('vk-visit').client.lobbyReason,
          })),
      );
      assert.ok(
        (await visibleText(side.page)).includes(WAITING_FOR_MONITOR),
        'the lobby says it is waiting for a staff member',
      );
    }
    // Give media time to flow if it were going to be shown.
    await new Promise((r) => setTimeout(r, 3000));
    const seen = {};
    for (const [name, side] of Object.entries({ kiosk, family })) {
      seen[name] = {
        state: await side.page.evaluate(() => document.querySelector('vk-visit').client.state),
        ...(await remoteTileMedia(side.page)),
      };
    }
    const nothing = { state: 'lobby', video: [], audio: [] };
    assert.deepEqual(
      seen,
      { kiosk: nothing, family: nothing },
      'neither video nor sound of the other person before a monitor is present',
    );
  });

  test('when the officer starts monitoring both go live and see each other; the officer stays unseen', async () => {
    const staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${VISIT}`);
    await staff.page.getByRole('button', { name: 'Start monitoring' }).click();
    await waitForState(staff.page, ['live', 'lobby'], { selector: 'vk-monitor' });
    await waitForState(kiosk.page, 'live');
    await waitForState(family.page, 'live');
    for (const [side, other] of /** @type {[typeof kiosk, string][]} */ ([
      [kiosk, 'luis'],
      [family, 'james'],
    ])) {
      await eventually(
        async () => (await remoteTilesWithVideo(side.page)).includes(other),
        `${other}'s video is shown`,
        undefined,
        () => remoteMedia(side.page),
      );
      assert.doesNotMatch(await visibleText(side.page), /Waiting for a staff member/);
    }
    await eventually(async () => {
      const remote = await remoteMedia(staff.page, 'vk-monitor');
      return ['james', 'luis'].every((id) => remote.some((p) => p.identity === id && p.video));
    }, 'the monitor sees both parties');
    for (const side of [kiosk, family]) {
      const identities = (await remoteMedia(side.page)).map((p) => p.identity);
      assert.ok(!identities.includes('reyes'), `the monitor is invisible, saw: ${identities.join(', ')}`);
      assert.doesNotMatch(await visibleText(side.page), /Dana Reyes/);
    }
  });

  test('the staff overview lists the visit with both parties and the officer connected', async () => {
    const { page, context } = await openAs(browser, stack.url, 'reyes', '/staff');
    const card = page.locator(`li.live-visit[data-visit="${VISIT}"]`);
    await eventually(
      async () => {
        await page.getByRole('button', { name: 'Refresh now' }).click();
        const text = await card.innerText();
        return ['James Carter', 'Luis Lopez', 'Officer Dana Reyes', 'An officer is monitoring'].every((s) =>
          text.includes(s),
        );
      },
      'the overview shows who is connected',
      undefined,
      () => card.innerText(),
    );
    // The last click's refresh may still be on its way: its polite status follows when it lands.
    const status = page.locator('#live-visits-status');
    await eventually(
      async () => /^Updated at /.test(await status.innerText()),
      'the overview says when it was updated',
      undefined,
      () => status.innerText(),
    );
    assert.match(await status.innerText(), /^Updated at /);
    assert.match(await card.innerText(), /Recorded[\s\S]*Monitored/);
    await context.close();
  });
});
