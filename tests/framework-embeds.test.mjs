// End to end: the React, Vue and Angular examples — each installed and built with its own toolchain like a
// portal developer's app — embed <vk-visit> on the sample portal's origin, join a visit with the kiosk on the
// other side (real LiveKit, real Chromium), see and hear the other party, and leave; the framework's own
// bindings show the widget's typed events (`State: live`, `Visit ended (left) …`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import { buildExample, serveExample } from './support/examples.mjs';
import { joinFromWidget, leaveFromWidget, openAs, signIn, startPortalStack, waitForRemoteMedia, WAIT_MS } from './support/portal.mjs';

/** Install + build can take minutes on a loaded 2-core machine (Angular most); not a performance assertion. */
const BUILD_TIMEOUT_MS = 15 * 60_000;

describe('framework embeds on the sample portal', () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startPortalStack({ name: 'embeds' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const name of /** @type {const} */ (['react', 'vue', 'angular'])) {
    test(`examples/${name}: builds, joins, sees the other party, leaves`, { timeout: BUILD_TIMEOUT_MS + 5 * 60_000 }, async (t) => {
      const built = await buildExample(name);
      t.diagnostic(`${name}: install ${(built.installMs / 1000).toFixed(1)} s, build ${(built.buildMs / 1000).toFixed(1)} s`);
      const visit = await stack.createVisit({ title: `${name} embed visit`, endIn: 10 * 60_000, participantIds: ['james', 'maria'] });

      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      await signIn(context, stack.url, 'maria');
      const page = await context.newPage();
      const logs = [];
      page.on('pageerror', (error) => logs.push(`pageerror: ${error.message}`));
      const url = await serveExample(context, stack.url, name, built.dir);
      await page.goto(`${url}?visit=${encodeURIComponent(visit.id)}`);
      const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);

      await joinFromWidget(page);
      await joinFromWidget(kiosk.page);
      await waitForRemoteMedia(page, 'james');
      await waitForRemoteMedia(kiosk.page, 'maria');
      // The framework re-rendered from the typed vk-state-change event.
      await page.getByText('State: live').waitFor({ timeout: WAIT_MS });
      await leaveFromWidget(page);
      await page.getByText(/Visit ended \(left\) after \d+ s\./).waitFor({ timeout: WAIT_MS });
      assert.deepEqual(logs, []);
      await kiosk.context.close();
      await context.close();
    });
  }
});
