// Audio first on a poor link, end to end: two <vk-visit> widgets (resident on an unshaped link, the family behind a
// shaped one), the real server adapter, real LiveKit and real Chromium. When the family's link is squeezed below
// what video needs, the family's widget says the video is paused while audio keeps arriving; when the link is back,
// video comes back by itself. "Audio only" stops video both ways, each side says why, and turning it off restores
// it. Asserts on states and WebRTC stats, never on timings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { benchVisit, startBenchServer } from '../bench/join/server.mjs';
import { joinBenchWidget } from './support/bench-widget.mjs';
import { launchChromium } from './support/browser.mjs';
import { eventually } from './support/eventually.mjs';
import { PROFILES } from './support/shaped-link.mjs';
import { installStatsProbe, readReceived } from './support/webrtc-stats.mjs';

/**
 * A downlink too thin for any video once audio is carried. Not `edge` itself: on a busy 2-core machine the fake
 * camera's 180p layer needs only 10–20 kbit/s, which LiveKit's allocator still fits into 120 kbit/s beside audio (it
 * degrades, "deficient", but does not pause); 48 kbit/s leaves it no room.
 */
const SQUEEZED = { ...PROFILES.edge, name: 'squeezed', downKbps: 48, upKbps: 250, lossPercent: 0 };
const WAIT_MS = 90_000;
/** How long the video may take to come back once the link is good again (LiveKit's recovery, see the test). */
const RECOVERY_WAIT_MS = 180_000;

/** @param {import('playwright-core').Page} page */
const received = (page) => page.evaluate(readReceived);

/** What a widget's client says of the other party (the first remote participant), as plain data. */
async function other(page) {
  return page.evaluate(() => {
    const widget =
      /** @type {{ client?: { participants: readonly import('@visitkit/core').VisitParticipant[] } } | null} */ (
        document.querySelector('vk-visit')
      );
    const p = widget?.client?.participants.find((x) => !x.isLocal);
    return p
      ? {
          name: p.name,
          cameraEnabled: p.cameraEnabled,
          videoTrack: p.videoTrack !== undefined,
          videoPaused: p.videoPaused ?? null,
          audioFlowing: p.audioFlowing ?? null,
        }
      : undefined;
  });
}

/** The notice on the other party's tile (empty when none). */
const notice = (page) => page.locator('vk-tile:not([local]) [part="notice"]').textContent();

/** Resolves once the page's received audio (or video frames) has grown past what it was when called. */
async function keepsGrowing(page, key, what) {
  const before = (await received(page))[key];
  return eventually(async () => (await received(page))[key] > before, what, WAIT_MS);
}

describe('audio first on a poor link (two widgets, real LiveKit, shaped link)', () => {
  /** @type {Awaited<ReturnType<typeof startBenchServer>>} */
  let server;
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let resident;
  /** @type {import('playwright-core').Page} */
  let family;

  before(async () => {
    server = await startBenchServer({
      name: 'audio-first',
      pages: ['bench/cpu/pages/widget.mjs'],
      profile: PROFILES.loopback,
    });
    const link = /** @type {import('./support/shaped-link.mjs').ShapedLink} */ (server.link);
    browser = await launchChromium();
    const visit = benchVisit(`audio-first-${Date.now().toString(36)}`);
    const open = async (group, identity, name, role) => {
      link.startGroup(group);
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      await installStatsProbe(page);
      await page.goto(`${server.origin}/widget.html`);
      await joinBenchWidget(page, server.tokenUrl(visit, { identity, name, role }), visit.id, WAIT_MS);
      return page;
    };
    resident = await open('facility', 'resident-1', 'Rosa', 'resident');
    family = await open('family', 'visitor-1', 'Ana', 'visitor');
    for (const page of [resident, family]) {
      await eventually(async () => (await received(page)).videoFrames > 0, 'remote video arrives', WAIT_MS);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('"Audio only" stops video both ways, each side says who chose it, and turning it off restores video', async () => {
    const toggle = family.getByRole('button', { name: 'Audio only' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    // The family receives no video from the resident (unsubscribed), and says why on the resident's tile.
    const here = await eventually(
      async () => {
        const seen = await other(family);
        return seen && !seen.videoTrack ? seen : undefined;
      },
      'the family stops receiving the resident video',
      WAIT_MS,
      () => other(family),
    );
    assert.deepEqual(here.videoPaused, { reason: 'audio-only', by: 'local' });
    assert.equal((await notice(family))?.trim(), 'Audio only (chosen by you)');
    // The resident no longer gets the family's video, and its tile names who chose audio only.
    const there = await eventually(
      async () => {
        const seen = await other(resident);
        return seen && !seen.cameraEnabled && seen.videoPaused ? seen : undefined;
      },
      "the resident sees the family's camera off because of audio only",
      WAIT_MS,
      () => other(resident),
    );
    assert.deepEqual(there.videoPaused, { reason: 'audio-only', by: 'remote' });
    assert.equal((await notice(resident))?.trim(), 'Audio only (chosen by Ana)');
    // Sound still goes both ways.
    await keepsGrowing(family, 'audioBytes', 'the family still hears the resident');
    await keepsGrowing(resident, 'audioBytes', 'the resident still hears the family');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    for (const [page, who] of /** @type {const} */ ([
      [family, 'family'],
      [resident, 'resident'],
    ])) {
      await eventually(
        async () => {
          const seen = await other(page);
          return seen?.videoTrack && seen.cameraEnabled && seen.videoPaused === null;
        },
        `the ${who} receives video again and shows no notice`,
        WAIT_MS,
        () => other(page),
      );
      await keepsGrowing(page, 'videoFrames', `the ${who} decodes video frames again`);
    }
  });

  test('the connection indicator says "No sound arriving" while no audio arrives, and recovers with it', async () => {
    const link = /** @type {import('./support/shaped-link.mjs').ShapedLink} */ (server.link);
    const indicator = family.locator('vk-tile:not([local]) [part="quality"]');
    await eventually(async () => (await other(family))?.audioFlowing === true, 'audio is flowing', WAIT_MS);
    assert.notEqual(await indicator.getAttribute('aria-label'), 'No sound arriving');
    link.setOutage(true, 'family');
    try {
      await eventually(
        async () => (await other(family))?.audioFlowing === false,
        "the family's widget notices that no audio arrives",
        WAIT_MS,
        () => other(family),
      );
      assert.equal(await indicator.getAttribute('aria-label'), 'No sound arriving');
    } finally {
      link.setOutage(false, 'family');
    }
    await eventually(
      async () => (await other(family))?.audioFlowing === true,
      'audio flowing again after the outage',
      WAIT_MS,
      () => other(family),
    );
    assert.notEqual(await indicator.getAttribute('aria-label'), 'No sound arriving');
  });

  // Last: after a long squeeze LiveKit takes a while to give the video its full rate again (see below).
  test('a squeezed link pauses video with a notice while audio flows; video comes back when the link does', async (t) => {
    const link = /** @type {import('./support/shaped-link.mjs').ShapedLink} */ (server.link);
    // The tests before this one leave a good link; whatever they showed has cleared before the squeeze.
    await eventually(
      async () => (await notice(family))?.trim() === '',
      'no notice on a good link',
      WAIT_MS,
      () => notice(family),
    );
    link.setProfile(SQUEEZED, 'family');
    t.after(() => link.setProfile(PROFILES.loopback, 'family'));
    const paused = await eventually(
      async () => {
        const seen = await other(family);
        return seen?.videoPaused?.reason === 'weak-connection' ? seen : undefined;
      },
      "the family's widget reports the resident's video paused for a weak connection",
      WAIT_MS,
      () => other(family),
    );
    t.diagnostic(
      `paused: ${JSON.stringify(paused.videoPaused)} (local: the SFU paused it; remote: the sender said so)`,
    );
    assert.equal(paused.cameraEnabled, true, 'the camera is on: only the link stopped the picture');
    assert.match((await notice(family)) ?? '', /^\s*Video paused — /);
    // Audio keeps arriving while the video is paused (bytes received from WebRTC's own stats).
    await keepsGrowing(family, 'audioBytes', 'audio keeps flowing while the video is paused');
    assert.equal((await other(family))?.videoPaused?.reason, 'weak-connection', 'still paused while audio flowed');

    link.setProfile(PROFILES.loopback, 'family');
    // LiveKit's stream allocator decides when the video comes back: after a long squeeze its probing has backed off,
    // and it was seen to take about 95 s here to leave its "deficient" state. The notice stays until frames arrive.
    await eventually(
      async () => (await other(family))?.videoPaused === null,
      'the notice goes away by itself when the link recovers',
      RECOVERY_WAIT_MS,
      () => other(family),
    );
    await keepsGrowing(family, 'videoFrames', 'video frames are decoded again after the link recovered');
    await eventually(async () => (await notice(family))?.trim() === '', 'no notice once video is back', WAIT_MS);
  });
});
