// WCAG 2.2 AA on every screen of every flow of the sample portal, against the real stack: axe (WCAG 2.0–2.2 A/AA
// rules) in light and dark, on a phone and a desktop, in English and Spanish. One stack and one visit per flow;
// the language, scheme and size are switched within the page (a live visit is never reloaded for them).
// The screens and their results are printed at the end (docs/accessibility.md lists them). This file: the portal's
// pages and a blocked camera; a11y-visit-screens: a family member and the kiosk in a visit; a11y-staff-screens:
// monitoring, a warning, reconnecting, staff ending the visit and what follows. (Three files, each well under the
// runner's per-file time limit on a loaded 2-core machine.)
import { describe, test } from 'node:test';
import { expectAccessible, portalLang, widgetLang, useA11yStack } from './support/a11y.mjs';
import { openAs, signIn, waitForState } from './support/portal.mjs';

describe('accessibility: every screen of the sample portal passes axe (WCAG 2.2 AA)', () => {
  const env = useA11yStack('a11y-screens');

  test('portal pages: sign-in, visit lists, kiosk start screen, staff overview, ledger, error page', async () => {
    const { stack, browser } = env;
    const anonymous = await browser.newContext();
    const signInPage = await anonymous.newPage();
    await expectAccessible(signInPage, 'sign-in', { setLang: portalLang(signInPage, stack.url, '/') });
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
      await expectAccessible(page, screen, { setLang: portalLang(page, stack.url, path) });
      await context.close();
    }
  });

  test('camera and microphone denied: the prejoin error screen', async () => {
    const { stack, browser } = env;
    const visit = await stack.createVisit({ endIn: 600_000 });
    const { page, context } = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, {
      permissions: [],
    });
    // The fake devices always allow; a person who blocks the site gets NotAllowedError from getUserMedia.
    await page.evaluate(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await page.getByRole('button', { name: 'Turn on camera and microphone' }).click();
    await waitForState(page, 'failed');
    await expectAccessible(page, 'family: camera and microphone blocked', { setLang: widgetLang(page) });
    await context.close();
  });
});
