// WCAG 2.2 AA on every screen of every flow of the sample portal, against the real stack: axe (WCAG 2.0–2.2 A/AA
// rules) in light and dark, on a phone and a desktop, in English and Spanish. One stack and one visit per flow;
// the language, scheme and size are switched within the page (a live visit is never reloaded for them).
// The screens and their results are printed at the end (docs/accessibility.md lists them).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { a11ySummary, expectAccessible, widgetLang } from './support/a11y.mjs';
import { launchChromium } from './support/browser.mjs';
import { joinFromWidget, openAs, signIn, startPortalStack, waitForState, WAIT_MS } from './support/portal.mjs';

describe('accessibility: every screen of the sample portal passes axe (WCAG 2.2 AA)', () => {
  /** @type {Awaited<ReturnType<typeof startPortalStack>>} */
  let stack;
  /** @type {import('playwright-core').Browser} */
  let browser;
  const started = Date.now();

  before(async () => {
    // The kiosk goes back to its start screen through "Start over", not the timer, so its end screen stays put.
    stack = await startPortalStack({ name: 'a11y-screens', kioskReturnMs: 600_000 });
    browser = await launchChromium();
  });

  after(async () => {
    console.log(`\naccessibility screens (${((Date.now() - started) / 1000).toFixed(0)} s):\n${a11ySummary()}\n`);
    await browser?.close();
    await stack?.stop();
  });

  /**
   * The portal's own pages switch language with `?lang=` (a reload; they hold no state).
   * @param {import('playwright-core').Page} page
   * @param {string} path
   */
  const portalLang = (page, path) => async (/** @type {'en' | 'es'} */ lang) => {
    await page.goto(`${stack.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  };

  test('portal pages: sign-in, visit lists, kiosk start screen, staff overview, ledger, error page', async () => {
    const anonymous = await browser.newContext();
    const signInPage = await anonymous.newPage();
    await expectAccessible(signInPage, 'sign-in', { setLang: portalLang(signInPage, '/') });
    await anonymous.close();

    // A visit live now, so the staff overview shows one with people connected… and the seeded "Over" visit.
    const pages = [
      ['maria', '/family', 'family: visit list'],
      ['okafor', '/attorney', 'attorney: visit list'],
      ['james', '/kiosk', 'kiosk: start screen (visit list)'],
      ['reyes', '/staff', 'staff: overview and all visits'],
      ['reyes', '/staff/visits/social-over', 'staff: ledger of an ended visit'],
      ['maria', '/staff', 'error page (not allowed)'],
    ];
    for (const [user, path, screen] of pages) {
      const context = await browser.newContext();
      await signIn(context, stack.url, user);
      const page = await context.newPage();
      // The kiosk list reloads itself every 30 s: freeze the page's timers while it is checked.
      if (path === '/kiosk') await page.clock.install();
      await expectAccessible(page, screen, { setLang: portalLang(page, path) });
      await context.close();
    }
  });

  test('camera and microphone denied: the prejoin error screen', async () => {
    const visit = await stack.createVisit({ endIn: 600_000 });
    const { page, context } = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, { permissions: [] });
    // The fake devices always allow; a person who blocks the site gets NotAllowedError from getUserMedia.
    await page.evaluate(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await page.getByRole('button', { name: 'Turn on camera and microphone' }).click();
    await waitForState(page, 'failed');
    await expectAccessible(page, 'family: camera and microphone blocked', { setLang: widgetLang(page) });
    await context.close();
  });

  test('a visit: prejoin, lobby, live, devices, leave dialog, monitoring, a warning, reconnecting, end screens', async () => {
    const visit = await stack.createVisit({ endIn: 900_000, recorded: true, monitored: true, participantIds: ['james', 'maria'] });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    const staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`);
    const familyLang = widgetLang(family.page);
    const kioskLang = widgetLang(kiosk.page);

    await family.page.getByRole('button', { name: 'Turn on camera and microphone' }).waitFor({ timeout: WAIT_MS });
    await expectAccessible(family.page, 'family: prejoin before the camera', { setLang: familyLang });
    await family.page.getByRole('button', { name: 'Turn on camera and microphone' }).click();
    await family.page.getByRole('checkbox', { name: 'I have read and agree to the rules' }).waitFor({ timeout: WAIT_MS });
    await expectAccessible(family.page, 'family: prejoin with camera preview, mic level and rules', { setLang: familyLang });
    await family.page.getByRole('checkbox', { name: 'I have read and agree to the rules' }).check();
    await family.page.getByRole('button', { name: 'Join visit' }).click();
    await waitForState(family.page, 'lobby');
    await expectAccessible(family.page, 'family: waiting room', { setLang: familyLang });

    await staff.page.getByRole('button', { name: 'Start monitoring' }).waitFor({ timeout: WAIT_MS });
    await expectAccessible(staff.page, 'staff: monitor before joining, with the ledger', { setLang: widgetLang(staff.page, 'vk-monitor') });

    await kiosk.page.getByRole('button', { name: 'Turn on camera and microphone' }).waitFor({ timeout: WAIT_MS });
    await expectAccessible(kiosk.page, 'kiosk: prejoin', { setLang: kioskLang });
    await joinFromWidget(kiosk.page);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');
    await expectAccessible(family.page, 'family: live visit', { setLang: familyLang });
    await expectAccessible(kiosk.page, 'kiosk: live visit', { setLang: kioskLang });

    await family.page.getByRole('button', { name: 'Devices' }).click();
    await family.page.getByRole('combobox').first().waitFor({ timeout: WAIT_MS });
    await expectAccessible(family.page, 'family: live visit, device menu open', { setLang: familyLang });
    await family.page.getByRole('button', { name: 'Devices' }).click();

    await family.page.getByRole('button', { name: 'Leave visit' }).click();
    await family.page.getByRole('dialog').waitFor();
    await expectAccessible(family.page, 'family: leave dialog', { setLang: familyLang });
    await family.page.keyboard.press('Escape');
    await family.page.getByRole('dialog').waitFor({ state: 'hidden' });

    await staff.page.getByRole('button', { name: 'Start monitoring' }).click();
    await waitForState(staff.page, ['live', 'lobby'], { selector: 'vk-monitor' });
    await expectAccessible(staff.page, 'staff: monitoring a live visit', { setLang: widgetLang(staff.page, 'vk-monitor') });
    await staff.page.getByRole('button', { name: 'Please mind your language.' }).click();
    await family.page.getByText('Message from staff').waitFor({ timeout: WAIT_MS });
    await expectAccessible(family.page, 'family: live visit with a staff warning', { setLang: familyLang });

    // The LiveKit server stops answering: the kiosk shows "Reconnecting…" over the videos until it is back.
    assert.ok(stack.livekit.pid, 'the LiveKit server runs as a child process');
    process.kill(stack.livekit.pid, 'SIGSTOP');
    try {
      await waitForState(kiosk.page, 'reconnecting', { timeoutMs: 60_000 });
      await expectAccessible(kiosk.page, 'kiosk: reconnecting', { setLang: kioskLang });
    } finally {
      process.kill(stack.livekit.pid, 'SIGCONT');
    }
    for (const side of [family, kiosk]) await waitForState(side.page, 'live', { timeoutMs: 60_000 });

    await family.page.getByRole('button', { name: 'Leave visit' }).click();
    await family.page.getByRole('button', { name: 'Leave', exact: true }).click();
    await waitForState(family.page, 'ended');
    await expectAccessible(family.page, 'family: end screen (you left)', { setLang: familyLang });

    await staff.page.getByRole('button', { name: 'End visit' }).click();
    const dialog = staff.page.getByRole('dialog');
    await expectAccessible(staff.page, 'staff: end-visit dialog', { setLang: widgetLang(staff.page, 'vk-monitor') });
    await dialog.getByLabel('Reason (shared with the participants)').fill('Visit ended by the officer.');
    await dialog.getByRole('button', { name: 'End visit' }).click();
    await waitForState(kiosk.page, 'ended');
    await expectAccessible(kiosk.page, 'kiosk: end screen (staff ended the visit, with the reason)', { setLang: kioskLang });
    await expectAccessible(staff.page, 'staff: monitor after the end', { setLang: widgetLang(staff.page, 'vk-monitor') });

    // The family member tries again: the visit is over.
    await family.page.reload();
    await joinFromWidget(family.page);
    await waitForState(family.page, 'failed');
    await expectAccessible(family.page, 'family: error screen (this visit is over)', { setLang: familyLang });

    // The kiosk goes back to its start screen.
    await kiosk.page.getByRole('button', { name: 'Start over' }).click();
    await kiosk.page.waitForURL(/\/kiosk$/, { timeout: WAIT_MS });
    await kiosk.page.clock.install();
    await expectAccessible(kiosk.page, 'kiosk: start screen after a visit', { setLang: portalLang(kiosk.page, '/kiosk') });

    await staff.page.goto(`${stack.url}/staff/visits/${visit.id}#ledger`);
    await expectAccessible(staff.page, 'staff: ledger of the terminated visit', { setLang: portalLang(staff.page, `/staff/visits/${visit.id}`) });
    for (const side of [family, kiosk, staff]) await side.context.close();
  });
});
