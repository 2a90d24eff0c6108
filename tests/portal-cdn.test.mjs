// End to end: examples/cdn — the three-line plain page with the single-file build — joins a visit on the
// sample portal (served at /cdn-example/) and reaches the waiting room on the real LiveKit server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import {
  cspViolations,
  joinFromWidget,
  openAs,
  startPortalStack,
  visibleText,
  waitForState,
} from './support/portal.mjs';

describe('examples/cdn on the sample portal', () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startPortalStack({ name: 'cdn' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the single-file widget loads, defines <vk-visit> and joins the visit', async () => {
    const family = await openAs(browser, stack.url, 'maria', '/cdn-example/');
    assert.equal(await family.page.evaluate(async () => Boolean(await customElements.whenDefined('vk-visit'))), true);
    const scripts = await family.page.evaluate(() =>
      [...document.scripts].map((s) => s.getAttribute('src')).filter(Boolean),
    );
    assert.deepEqual(scripts, ['./visitkit.js'], 'one script, no import map');
    await joinFromWidget(family.page);
    await waitForState(family.page, 'lobby');
    assert.match(await visibleText(family.page), /Waiting for the other person to join/);
    assert.ok(!family.logs.some((line) => line.startsWith('pageerror')), family.logs.join('\n'));
    assert.deepEqual(cspViolations(family.logs), [], 'the page CSP lets the widget work');
    await family.context.close();
  });
});
