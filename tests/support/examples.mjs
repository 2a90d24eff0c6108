// The framework examples (examples/react, examples/vue, examples/angular) in end-to-end tests: built by `npm test`
// (scripts/lib/examples.mjs), served by a small server that forwards /api to the sample portal (as the examples'
// dev servers do), and driven through a visit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { builtExample } from '../../scripts/lib/examples.mjs';
import { launchChromium } from './browser.mjs';
import {
  joinFromWidget,
  leaveFromWidget,
  openAs,
  signIn,
  startPortalStack,
  waitForRemoteMedia,
  WAIT_MS,
} from './portal.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

/**
 * Serves a built example over HTTP on its own port of 127.0.0.1 and forwards `/api/*` to the sample portal, as
 * the examples' dev servers do (Vite's and Angular's proxy): the token request is same-origin for the page, and
 * the portal's session cookie (cookies ignore the port) goes along. A real server, not a Playwright route:
 * Chromium lets only pages it loaded from a loopback address reach LiveKit on loopback (Local Network Access).
 * @param {string} portalUrl
 * @param {string} dir  the build output (see `builtExample` in scripts/lib/examples.mjs)
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function serveExample(portalUrl, dir) {
  const portal = new URL(portalUrl);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.startsWith('/api/')) {
      const upstream = httpRequest(
        { host: portal.hostname, port: portal.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/**
 * The end-to-end scenario of one framework example (one test file each, so each gets the e2e suite's per-file
 * time): build it if `npm test` has not, serve it next to the sample portal, join a visit as Maria with James on the
 * kiosk, see and hear each other, leave. The framework's own bindings must show the widget's typed events
 * (`State: live`, then `Visit ended (left) after N s.`).
 * @param {'react' | 'vue' | 'angular'} name
 */
export function embedScenario(name) {
  describe(`examples/${name} on the sample portal`, () => {
    let stack;
    let browser;
    let built;

    before(async () => {
      built = await builtExample(name);
      stack = await startPortalStack({ name: `embed-${name}` });
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
      await stack?.stop();
    });

    test('builds, joins, sees and hears the other party, leaves; the framework sees the typed events', async (t) => {
      const visit = await stack.createVisit({
        title: `${name} embed visit`,
        endIn: 10 * 60_000,
        participantIds: ['james', 'maria'],
      });
      const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      await signIn(context, stack.url, 'maria');
      const page = await context.newPage();
      const logs = [];
      page.on('console', (message) => logs.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
      const site = await serveExample(stack.url, built.dir);
      t.after(() => site.close());
      await page.goto(`${site.url}?visit=${encodeURIComponent(visit.id)}`, { timeout: WAIT_MS });

      try {
        await joinFromWidget(page);
        await joinFromWidget(kiosk.page);
        await waitForRemoteMedia(page, 'james');
        await waitForRemoteMedia(kiosk.page, 'maria');
        await page.getByText('State: live').waitFor({ timeout: WAIT_MS });
        await leaveFromWidget(page);
        await page.getByText(/Visit ended \(left\) after \d+ s\./).waitFor({ timeout: WAIT_MS });
      } catch (error) {
        throw new Error(`${error.message}\n--- ${name} page console:\n${logs.slice(-30).join('\n')}`, { cause: error });
      }
      assert.deepEqual(
        logs.filter((line) => line.startsWith('pageerror')),
        [],
      );
      await kiosk.context.close();
      await context.close();
    });
  });
}
