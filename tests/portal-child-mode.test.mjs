// End to end on the sample portal: a family member turns on child mode on a tablet and a scripted "toddler" hammers
// the widget during a live visit with the resident (real LiveKit, real Chromium). The visit must stay live with
// microphone and camera untouched; then the adult gesture opens the controls and Leave works. Also: the real Screen
// Wake Lock is held while live, asked for again after the page was hidden and shown, and released at the end;
// axe finds nothing in child mode.
//
// The toddler is a seeded random generator: a failure prints its seed; replay it with VK_TODDLER_SEED=<seed>.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import {
  decodedRemoteVideo,
  eventually,
  joinFromWidget,
  openAs,
  remoteMedia,
  startPortalStack,
  waitForState,
} from './support/portal.mjs';

const SEED = Number(process.env.VK_TODDLER_SEED ?? 20261202);
const ACTIONS = Number(process.env.VK_TODDLER_ACTIONS ?? 400);
// A tablet in portrait; the wake lock permission is granted as a browser does by default (playwright's `permissions`
// list denies every permission it does not name).
const TABLET = {
  viewport: { width: 820, height: 1180 },
  hasTouch: true,
  isMobile: true,
  permissions: ['camera', 'microphone', 'screen-wake-lock'],
};
const KEYS = [
  'Enter',
  ' ',
  'Escape',
  'Tab',
  'm',
  'c',
  'l',
  'q',
  'ArrowDown',
  'ArrowUp',
  'ArrowLeft',
  'Backspace',
  '1',
  '7',
  'Delete',
  'F',
];

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Wraps the real navigator.wakeLock.request so the test can see every sentinel the page got (the real API does the
 * work; this only keeps a list).
 */
function recordWakeLocks() {
  const real = navigator.wakeLock?.request?.bind(navigator.wakeLock);
  window.__wakeLocks = [];
  if (!real) return;
  navigator.wakeLock.request = async (type) => {
    const sentinel = await real(type);
    window.__wakeLocks.push(sentinel);
    return sentinel;
  };
}

/** What must not change under the toddler's hands: the visit state and the family's own microphone and camera. */
function familyMedia(page) {
  return page.evaluate(() => {
    const w = document.querySelector('vk-visit');
    const me = w.client.participants.find((p) => p.isLocal);
    return {
      state: w.client.state,
      mic: w.client.micEnabled,
      camera: w.client.cameraEnabled,
      audioTrack: me?.audioTrack?.mediaStreamTrack?.readyState === 'live' && me.audioTrack.mediaStreamTrack.enabled,
      videoTrack: me?.videoTrack?.mediaStreamTrack?.readyState === 'live' && me.videoTrack.mediaStreamTrack.enabled,
      adultControls: Boolean(w.shadowRoot.querySelector('[part="adult-controls"]')),
      url: location.pathname,
    };
  });
}

function wakeLocks(page) {
  return page.evaluate(() => ({
    held: document.querySelector('vk-visit').wakeLockHeld,
    requested: window.__wakeLocks.length,
    active: window.__wakeLocks.filter((s) => !s.released).length,
  }));
}

/** The widget's corner button, through its shadow roots. */
const gate = (page) => page.locator('vk-visit').getByRole('button', { name: 'Adult controls' });

describe('portal: child mode with a scripted toddler', () => {
  let stack;
  let browser;
  let visit;
  let family;
  let kiosk;
  let cdp;

  before(async () => {
    stack = await startPortalStack({ name: 'child' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the family page offers child mode before joining; the visit goes live in child mode', async () => {
    visit = await stack.createVisit({ endIn: 15 * 60_000, participantIds: ['james', 'maria'] });
    family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, TABLET);
    await family.page.addInitScript(recordWakeLocks);
    await family.page.reload();
    family.page.on(
      'framenavigated',
      (frame) => frame === family.page.mainFrame() && family.navigations.push(frame.url()),
    );
    family.navigations = [];
    kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    const toggle = family.page.getByRole('switch', { name: /Child mode/ });
    await toggle.check();
    assert.equal(await family.page.evaluate(() => document.querySelector('vk-visit').childMode), true);
    for (const side of [family, kiosk]) await joinFromWidget(side.page);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');
    assert.equal(await toggle.isVisible(), false, 'the switch is out of reach during the visit');
    await eventually(async () => (await decodedRemoteVideo(family.page)) > 0, "the resident's video is shown");
    await eventually(async () => {
      const james = (await remoteMedia(family.page)).find((p) => p.identity === 'james');
      return james?.video && james?.audio;
    }, "the resident's camera and microphone reach the family");
    const media = await familyMedia(family.page);
    assert.deepEqual(
      { state: media.state, mic: media.mic, camera: media.camera, audio: media.audioTrack, video: media.videoTrack },
      { state: 'live', mic: true, camera: true, audio: true, video: true },
    );
    assert.equal(media.adultControls, false);
    const hidden = await family.page.evaluate(() => {
      const w = document.querySelector('vk-visit');
      return ['vk-controls', 'vk-timer'].filter((s) => w.shadowRoot.querySelector(s));
    });
    assert.deepEqual(hidden, [], 'no control bar and no timer text in front of the child');
  });

  test('the real screen wake lock is held while live and asked for again after the page was hidden and shown', async () => {
    const first = await eventually(async () => {
      const w = await wakeLocks(family.page);
      return w.held && w.active === 1 ? w : undefined;
    }, 'the wake lock is held while live');
    assert.equal(first.requested, 1);
    // Headless Chromium keeps every page visible (no tab switch, no screen off), so the page is made to report
    // hidden the way a tab switch does, and the real sentinel is released as the browser does on hide.
    await family.page.evaluate(async () => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      await window.__wakeLocks.at(-1).release();
    });
    assert.equal((await wakeLocks(family.page)).held, false);
    await family.page.evaluate(() => {
      // Drops the page's own getter defined above, so Document.prototype's real one answers again.
      Reflect.deleteProperty(document, 'visibilityState');
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const again = await eventually(
      async () => {
        const w = await wakeLocks(family.page);
        return w.held && w.requested === 2 && w.active === 1 ? w : undefined;
      },
      'the wake lock is requested again when the page is shown',
      undefined,
      () => wakeLocks(family.page),
    );
    assert.equal(again.active, 1);
  });

  test('axe finds no violations in child mode, with the controls hidden', async () => {
    // Evaluated through the DevTools protocol, not as an inline <script>: the portal's CSP (nonces only) rightly refuses those.
    await family.page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await family.page.evaluate(async () => {
      const result = await window.axe.run(document.querySelector('vk-visit'), { resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, []);
  });

  test(`a toddler's ${ACTIONS} random taps, swipes and key presses leave the visit live with mic and camera on (seed ${SEED})`, async () => {
    const page = family.page;
    cdp = await page.context().newCDPSession(page);
    const next = random(SEED);
    const widget = page.locator('vk-visit');
    const viewport = page.viewportSize();
    // The widget's box as it is now (a swipe outside the video area may scroll the page), within the screen.
    let box = await widget.boundingBox();
    const at = () => {
      const top = Math.max(box.y, 0);
      const bottom = Math.min(box.y + box.height, viewport.height);
      return { x: box.x + 2 + next() * (box.width - 4), y: top + 2 + next() * (bottom - top - 4) };
    };
    // Toddlers go for what stands out: one tap in five aims at the round corner button itself.
    const gateBox = await gate(page).boundingBox();
    const target = () =>
      next() < 0.2
        ? {
            x: gateBox.x + gateBox.width / 2 + (next() - 0.5) * 30,
            y: gateBox.y + gateBox.height / 2 + (next() - 0.5) * 30,
          }
        : at();
    const touch = (type, points) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, id) => ({ ...p, id })) });
    const counts = { tap: 0, click: 0, swipe: 0, pinch: 0, key: 0 };
    // Every time the adult controls open counts, whatever the toddler does next.
    await page.evaluate(() => {
      window.__unlocks = 0;
      document.querySelector('vk-visit').addEventListener('vk-adult-unlock', () => window.__unlocks++);
    });
    // Key mashing starts where it can do most: on the adult gate itself.
    await gate(page).focus();
    for (let i = 0; i < ACTIONS; i++) {
      if (i % 10 === 0) box = await widget.boundingBox();
      const roll = next();
      if (roll < 0.3) {
        const p = target();
        await page.touchscreen.tap(p.x, p.y);
        counts.tap++;
      } else if (roll < 0.45) {
        const p = target();
        await page.mouse.click(p.x, p.y);
        counts.click++;
      } else if (roll < 0.6) {
        const from = at();
        const to = at();
        await touch('touchStart', [from]);
        for (let s = 1; s <= 4; s++) {
          await touch('touchMove', [{ x: from.x + ((to.x - from.x) * s) / 4, y: from.y + ((to.y - from.y) * s) / 4 }]);
        }
        await touch('touchEnd', []);
        counts.swipe++;
      } else if (roll < 0.65) {
        // Two hands at once.
        await touch('touchStart', [at(), at()]);
        await touch('touchMove', [at(), at()]);
        await touch('touchEnd', []);
        counts.pinch++;
      } else {
        await page.keyboard.press(KEYS[Math.floor(next() * KEYS.length)]);
        counts.key++;
        // The page around the widget is the portal's: when Tab carries focus out of the widget, put it back on the
        // gate so the mashing keeps hitting the widget (a real page would be mashed there too).
        const inside = await page.evaluate(() => document.activeElement === document.querySelector('vk-visit'));
        if (!inside)
          await gate(page)
            .focus({ timeout: 2000 })
            .catch(() => undefined);
      }
    }
    console.log(`toddler seed ${SEED}: ${JSON.stringify(counts)}`);
    assert.equal(await page.evaluate(() => window.__unlocks), 0, 'the adult controls never opened');
    assert.deepEqual(family.navigations, [], 'the page was never navigated away');
    const media = await familyMedia(page);
    assert.deepEqual(
      media,
      {
        state: 'live',
        mic: true,
        camera: true,
        audioTrack: true,
        videoTrack: true,
        adultControls: false,
        url: `/family/visits/${visit.id}`,
      },
      `after the toddler (seed ${SEED})`,
    );
    // The other side still receives the family's camera and microphone.
    const maria = (await remoteMedia(kiosk.page)).find((p) => p.identity === 'maria');
    assert.ok(maria?.video && maria?.audio, 'the resident still sees and hears the family');
    assert.equal(
      await kiosk.page.evaluate(
        () => document.querySelector('vk-visit').client.participants.find((p) => p.identity === 'maria')?.micEnabled,
      ),
      true,
    );
  });

  test('the keyboard path opens the adult controls (hold Enter on the gate), and they hide again', async () => {
    const page = family.page;
    await page.evaluate(() => {
      // Any half-typed code step the toddler left open is cancelled first.
      const cancel = /** @type {HTMLButtonElement | null | undefined} */ (
        document
          .querySelector('vk-visit')
          .shadowRoot.querySelector('vk-adult-gate')
          ?.shadowRoot.querySelector('form button[type="button"]')
      );
      cancel?.click();
    });
    await gate(page).focus();
    await page.keyboard.down('Enter');
    await page.locator('vk-visit').getByRole('region', { name: 'Adult controls' }).waitFor({ timeout: 30_000 });
    await page.keyboard.up('Enter');
    await page.locator('vk-visit').getByRole('button', { name: 'Hide controls' }).click();
    await gate(page).waitFor({ timeout: 30_000 });
    assert.equal((await familyMedia(page)).state, 'live');
  });

  test('the adult press-and-hold opens the controls, Leave works, the goodbye is friendly and the wake lock is released', async () => {
    const page = family.page;
    const box = await gate(page).boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.locator('vk-visit').getByRole('button', { name: 'Leave visit' }).waitFor({ timeout: 30_000 });
    await page.mouse.up();
    await page.locator('vk-visit').getByRole('button', { name: 'Leave visit' }).click();
    await page.locator('vk-visit').getByRole('dialog').getByRole('button', { name: 'Leave', exact: true }).click();
    await waitForState(page, 'ended');
    assert.equal(await page.evaluate(() => document.querySelector('vk-visit').client.endInfo.reason), 'left');
    await page.locator('vk-visit').getByText('Bye-bye! See you soon').waitFor({ timeout: 30_000 });
    const released = await eventually(async () => {
      const w = await wakeLocks(page);
      return !w.held && w.active === 0 ? w : undefined;
    }, 'the wake lock is released after the end');
    assert.equal(released.requested, 2);
    await family.context.close();
    await kiosk.context.close();
  });
});
