// The sample portal for end-to-end scenarios: a real LiveKit server and the portal (child process, test API on,
// a fresh PGlite data directory, or a PostgreSQL server with `databaseUrl`), plus helpers to schedule short visits, sign people in and drive the widget like a user.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchPortal } from '../../examples/portal/launch.mjs';
import { freeTcpPort, startLiveKit } from '../../scripts/lib/livekit-server.mjs';
import { ROOT } from '../../scripts/lib/paths.mjs';

/** Ceiling for anything to appear on a loaded 2-core machine; not a performance assertion. */
export const WAIT_MS = 45_000;

/**
 * Polls `check` until it returns something other than undefined/false, or fails with `message`.
 * @template T
 * @param {() => Promise<T | undefined | false> | T | undefined | false} check
 * @param {string} message
 * @param {number} [timeoutMs]
 * @param {() => unknown} [describe]  what to report when it gives up (e.g. the participants seen)
 * @returns {Promise<T>}
 */
export async function eventually(check, message, timeoutMs = WAIT_MS, describe = undefined) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const detail = describe ? `; last seen: ${JSON.stringify(await Promise.resolve(describe()).catch((e) => e.message))}` : '';
  assert.fail(`${message} (gave up after ${timeoutMs / 1000}s)${lastError ? `; last error: ${lastError.message}` : ''}${detail}`);
}

let visitCounter = 0;

/**
 * Starts LiveKit and the portal. `stop()` stops both and removes the database.
 * @param {{ name?: string, enforcerMs?: number, kioskReturnMs?: number, departureTimeout?: number }} [options]
 */
export async function startPortalStack(options = {}) {
  // freeTcpPort() releases the port before the portal binds it, so another process (or LiveKit's own port
  // picks) can take it in between: a start-up that loses that race is retried with a new port.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startPortalStackOnce(options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startPortalStackOnce(options) {
  const { name = 'portal', enforcerMs = 1000, departureTimeout = 3 } = options;
  const port = await freeTcpPort();
  const dir = mkdtempSync(join(tmpdir(), 'vk-e2e-portal-'));
  const livekit = await startLiveKit({
    name: `e2e-${name}`,
    webhookUrls: [`http://127.0.0.1:${port}/api/visitkit/livekit/webhook`],
    emptyTimeout: 20,
    departureTimeout,
  });
  let portal;
  try {
    portal = await launchPortal({
      port,
      livekit,
      dataDir: join(dir, 'pglite'),
      databaseUrl: options.databaseUrl,
      testApi: true,
      enforcerMs,
      departureTimeout,
      kioskReturnMs: options.kioskReturnMs,
      log: join(ROOT, '.visitkit', 'logs', `portal-e2e-${name}.log`),
    });
  } catch (error) {
    await livekit.stop();
    rmSync(dir, { recursive: true, force: true });
    const log = join(ROOT, '.visitkit', 'logs', `portal-e2e-${name}.log`);
    if (existsSync(log) && readFileSync(log, 'utf8').includes('already in use')) {
      throw new PortTakenError(`port ${port} was taken before the portal could bind it`, { cause: error });
    }
    throw error;
  }
  const url = portal.url;

  const stack = {
    url,
    livekit,
    portal,
    /**
     * Schedules a visit through the test API. Times are ms offsets from now; ids are unique per run.
     * @param {{ kind?: 'social'|'privileged', startIn?: number, endIn: number, lobbyOpensIn?: number, recorded?: boolean,
     *   monitored?: boolean, requireMonitor?: boolean, warnings?: number[], participantIds?: string[], title?: string }} spec
     */
    async createVisit(spec) {
      const now = Date.now();
      const id = `e2e-${name}-${process.pid}-${++visitCounter}`;
      const body = {
        id,
        title: spec.title ?? `Scenario visit ${visitCounter}`,
        kind: spec.kind ?? 'social',
        startsAt: new Date(now + (spec.startIn ?? -1000)).toISOString(),
        endsAt: new Date(now + spec.endIn).toISOString(),
        ...(spec.lobbyOpensIn !== undefined ? { lobbyOpensAt: new Date(now + spec.lobbyOpensIn).toISOString() } : {}),
        recorded: spec.recorded ?? false,
        monitored: spec.monitored ?? false,
        requireMonitor: spec.requireMonitor ?? false,
        ...(spec.warnings ? { warnings: spec.warnings } : {}),
        participantIds: spec.participantIds ?? ['james', 'maria'],
      };
      const response = await fetch(`${url}/test/visits`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(response.status, 201, `creating visit ${id}: ${await response.text()}`);
      return { ...body, id };
    },
    /** The visit's ledger as the adapter computes it from the stored webhooks. */
    async ledger(visitId) {
      const response = await fetch(`${url}/test/visits/${encodeURIComponent(visitId)}/ledger`);
      assert.equal(response.status, 200);
      return response.json();
    },
    async events(visitId) {
      const response = await fetch(`${url}/test/visits/${encodeURIComponent(visitId)}/events`);
      return response.json();
    },
    async stop() {
      await portal.stop();
      await livekit.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/**
 * Signs a browser context in as a demo user through the real sign-in form post (the cookie lands in the context).
 * @param {import('playwright-core').BrowserContext} context
 */
export async function signIn(context, url, user) {
  const response = await context.request.post(`${url}/signin`, { form: { user }, headers: { origin: url }, maxRedirects: 0 });
  assert.equal(response.status(), 303, `sign-in as ${user}`);
}

/**
 * A new browser context signed in as `user`, with a page opened at `path`. Console errors are collected.
 * @param {import('playwright-core').Browser} browser
 */
export async function openAs(browser, url, user, path, contextOptions = {}) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], ...contextOptions });
  await signIn(context, url, user);
  const page = await context.newPage();
  const logs = [];
  page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
  page.on('response', (response) => response.status() >= 400 && logs.push(`http ${response.status()}: ${response.url()}`));
  await page.goto(`${url}${path}`);
  return { context, page, logs };
}

/** State of the page's `<vk-visit>` (or `<vk-monitor>`) client, or undefined before it has one. */
export function widgetState(page, selector = 'vk-visit') {
  return page.evaluate((s) => document.querySelector(s)?.client?.state, selector);
}

/** Waits until the page's widget client is in `state` (or one of `states`). */
export async function waitForState(page, states, { selector = 'vk-visit', timeoutMs = WAIT_MS } = {}) {
  const wanted = Array.isArray(states) ? states : [states];
  await page.waitForFunction(
    ([s, w]) => w.includes(document.querySelector(s)?.client?.state),
    [selector, wanted],
    { timeout: timeoutMs },
  );
}

/**
 * Goes through the widget's prejoin like a person: camera on, tick "I agree" when rules are shown, Join.
 * `strings` lets the Spanish scenario use the Spanish labels.
 */
export async function joinFromWidget(page, strings = EN) {
  const start = page.getByRole('button', { name: strings.start });
  await start.waitFor({ timeout: WAIT_MS });
  await start.click();
  const agree = page.getByRole('checkbox', { name: strings.agree });
  await agree.waitFor({ timeout: WAIT_MS });
  await agree.check();
  await page.getByRole('button', { name: strings.join }).click();
}

/** English labels of the widget's prejoin (from @visitkit/elements' catalog). */
export const EN = { start: 'Turn on camera and microphone', agree: 'I have read and agree to the rules', join: 'Join visit' };

/**
 * What the page's widget client sees: remote participants with whether their video/audio tracks are live.
 * @returns {Promise<{ identity: string, role: string, video: boolean, audio: boolean }[]>}
 */
export function remoteMedia(page, selector = 'vk-visit') {
  return page.evaluate((s) => {
    const client = document.querySelector(s)?.client;
    return (client?.participants ?? [])
      .filter((p) => !p.isLocal)
      .map((p) => ({
        identity: p.identity,
        role: p.role,
        video: p.videoTrack?.mediaStreamTrack?.readyState === 'live',
        audio: p.audioTrack?.mediaStreamTrack?.readyState === 'live',
      }));
  }, selector);
}

/** Whether a `<video>` anywhere in the page (shadow roots included) shows decoded frames of a remote participant. */
export function decodedRemoteVideo(page) {
  return page.evaluate(() => {
    const videos = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'VIDEO') videos.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return videos.filter((v) => v.videoWidth > 0 && (v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0) > 0).length;
  });
}

/** The text the user sees, shadow roots included (for messages rendered inside the widget). */
export function visibleText(page) {
  return page.evaluate(() => {
    const parts = [];
    const walk = (root) => {
      for (const node of root.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent);
        else if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.tagName === 'SLOT') for (const n of node.assignedNodes({ flatten: true })) parts.push(n.textContent);
          if (node.shadowRoot) walk(node.shadowRoot);
          if (!['SCRIPT', 'STYLE'].includes(node.tagName)) walk(node);
        }
      }
    };
    walk(document.body);
    return parts.join(' ').replace(/\s+/g, ' ');
  });
}
