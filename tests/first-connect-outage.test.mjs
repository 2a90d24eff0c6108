// The family's link is cut DURING the first connect, end to end: two <vk-visit> widgets (the resident waiting in the
// lobby on its own link, the family behind a shaped link it loses), the real server adapter, real LiveKit and real
// Chromium. The cut comes as the family's LiveKit signal socket delivers its first message (the join response: the
// room is being set up, not connected) — where a weak phone link drops. The widget must never stay `connecting`:
// - link back while it is still trying: it says so ("Still connecting…", with the attempt), then reaches `live`;
// - link gone past the budget: `failed` with its translated reason, and "Try again" joins once the link is back.
// Asserts on states and what the widget says, never on timings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { benchVisit, startBenchServer } from '../bench/join/server.mjs';
import { joinBenchWidget } from './support/bench-widget.mjs';
import { launchChromium } from './support/browser.mjs';
import { eventually } from './support/eventually.mjs';
import { PROFILES } from './support/shaped-link.mjs';

/** Long enough for LiveKit's own timeouts (15 s) and the client's whole budget (about a minute of attempts). */
const WAIT_MS = 150_000;
/**
 * The family's link before the cut: 4g with a long round trip, so the room is still being set up (ICE, the
 * subscriber offer) for a second or more after the join response: the cut lands inside the first connect, not after.
 */
const SLOW_SETUP = { ...PROFILES['4g'], name: 'slow-setup', rttMs: 1200 };

/**
 * Installed before the page's scripts: records the widget client's states and connect progress, and calls
 * `__signalAnswered()` (a binding of the test) when a LiveKit signal socket receives its first message.
 */
function recordConnect() {
  const log = { states: /** @type {string[]} */ ([]), progress: /** @type {string[]} */ ([]) };
  Object.assign(window, { __connect: log });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    /** @param {string | URL} url @param {string | string[]} [protocols] */
    constructor(url, protocols) {
      super(url, protocols);
      if (String(url).includes('/rtc')) {
        this.addEventListener(
          'message',
          () => /** @type {{ __signalAnswered?: () => void }} */ (/** @type {unknown} */ (window)).__signalAnswered?.(),
          { once: true },
        );
      }
    }
  };
  const watch = () => {
    const widget = document.querySelector('vk-visit');
    if (!widget?.client) return false;
    widget.client.on('state', (state) => log.states.push(state));
    widget.client.on('connect-progress', (p) => log.progress.push(p ? `${p.reason}:${p.attempt}` : 'done'));
    return true;
  };
  // The widget makes its client when the test mounts it: look for it until then (this page only, no other wait).
  const timer = setInterval(() => {
    if (watch()) clearInterval(timer);
  }, 20);
}

describe('the first connect on a link cut while it runs (two widgets, real LiveKit, shaped link)', () => {
  /** @type {Awaited<ReturnType<typeof startBenchServer>>} */
  let server;
  /** @type {import('./support/shaped-link.mjs').ShapedLink} */
  let link;
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    server = await startBenchServer({
      name: 'first-connect',
      pages: ['bench/cpu/pages/widget.mjs'],
      profile: PROFILES.loopback,
    });
    link = /** @type {import('./support/shaped-link.mjs').ShapedLink} */ (server.link);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * A visit whose resident waits in the lobby, and the family's page on its own link group, ready to join: the
   * family's link goes out as soon as its signal socket answers (`cut`), once.
   * @param {string} name
   */
  async function familyAboutToJoin(name) {
    const visit = benchVisit(`${name}-${Date.now().toString(36)}`);
    const open = async (/** @type {string} */ group) => {
      link.startGroup(group);
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      await page.addInitScript(recordConnect);
      await page.goto(`${server.origin}/widget.html`);
      return page;
    };
    const resident = await open(`${name}-facility`);
    await joinBenchWidget(
      resident,
      server.tokenUrl(visit, { identity: 'resident-1', name: 'Rosa', role: 'resident' }),
      visit.id,
      WAIT_MS,
    );
    await eventually(
      () => states(resident).then((s) => s.includes('lobby')),
      'the resident waits in the lobby',
      WAIT_MS,
    );
    const group = `${name}-family`;
    link.setProfile(SLOW_SETUP, group);
    const family = await open(group);
    let cuts = 0;
    await family.exposeBinding('__signalAnswered', () => {
      if (cuts > 0) return;
      cuts += 1;
      link.setOutage(true, group);
    });
    const join = () =>
      joinBenchWidget(
        family,
        server.tokenUrl(visit, { identity: 'visitor-1', name: 'Ana', role: 'visitor' }),
        visit.id,
        WAIT_MS,
      );
    const close = () => Promise.all([resident, family].map((page) => page.context().close()));
    return { family, group, join, cut: () => cuts > 0, close };
  }

  /** @param {import('playwright-core').Page} page @returns {Promise<string[]>} */
  const states = (page) =>
    page.evaluate(
      () => /** @type {{ __connect: { states: string[] } }} */ (/** @type {unknown} */ (window)).__connect.states,
    );
  /** @param {import('playwright-core').Page} page @returns {Promise<string[]>} */
  const progress = (page) =>
    page.evaluate(
      () => /** @type {{ __connect: { progress: string[] } }} */ (/** @type {unknown} */ (window)).__connect.progress,
    );
  /**
   * Resolves once the page's widget is in `state` (its latest one).
   * @param {import('playwright-core').Page} page @param {string} state @param {string} what
   */
  const reaches = (page, state, what) =>
    eventually(
      () => states(page).then((s) => s.at(-1) === state),
      what,
      WAIT_MS,
      () => Promise.all([states(page), progress(page)]),
    );

  test('cut while connecting, back while it still tries: "Still connecting…", then live', async (t) => {
    const { family, group, join, cut, close } = await familyAboutToJoin('fc-back');
    await join();
    await eventually(cut, 'the link is cut during the first connect', WAIT_MS);
    // Held until the widget says the attempt dropped or failed and which one runs now: the first connect did not
    // just get slow, it broke — and the client kept trying instead of failing or waiting forever.
    const line = family.locator('vk-visit [part="connect-progress"]', { hasText: /attempt \d/ });
    await line.waitFor({ timeout: WAIT_MS });
    assert.match((await line.textContent()) ?? '', /Still (connecting|trying).*attempt \d/);
    assert.deepEqual(await states(family), ['prejoin', 'connecting']);
    link.setOutage(false, group);
    await reaches(family, 'live', 'the family reaches live once the link is back');
    // Straight from connecting to live: never failed, never an illegal reconnecting, nothing left on screen.
    assert.deepEqual(await states(family), ['prejoin', 'connecting', 'live']);
    assert.equal(await family.locator('vk-visit [part="connect-progress"]').count(), 0);
    t.diagnostic(`connect progress: ${(await progress(family)).join(', ')}`);
    assert.equal((await progress(family)).at(-1), 'done');
    await close();
  });

  test('cut for longer than the budget: failed with the reason, and Try again joins once the link is back', async (t) => {
    const { family, group, join, cut, close } = await familyAboutToJoin('fc-gone');
    await join();
    await eventually(cut, 'the link is cut during the first connect', WAIT_MS);
    await reaches(family, 'failed', 'the family fails once the budget is spent');
    assert.deepEqual(await states(family), ['prejoin', 'connecting', 'failed']);
    assert.ok(
      (await progress(family)).some((p) => p.startsWith('retrying:')),
      `it tried again before failing: ${(await progress(family)).join(', ')}`,
    );
    const error = await family.evaluate(() => {
      const widget = document.querySelector('vk-visit');
      return { code: widget?.client?.lastError?.code, message: widget?.client?.lastError?.message };
    });
    t.diagnostic(`connect progress: ${(await progress(family)).join(', ')}; error: ${error.message ?? ''}`);
    assert.equal(error.code, 'connection-failed');
    assert.match(error.message ?? '', /after \d+ attempts/);
    await family.getByRole('heading', { name: 'Could not connect to your visit' }).waitFor({ timeout: WAIT_MS });
    link.setOutage(false, group);
    await family.getByRole('button', { name: 'Try again' }).click();
    await family.getByRole('button', { name: 'Join visit' }).click({ timeout: WAIT_MS });
    await reaches(family, 'live', 'the family reaches live after Try again');
    await close();
  });
});
