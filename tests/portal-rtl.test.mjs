// End to end on the sample portal, right to left: a family member switches the visit page to Arabic with the
// portal's language switch; the page and the widget then run right to left (`dir="rtl"`, the call mirrored: self
// view and controls on the other side) and in Arabic, while the resident's kiosk stays in English, left to right.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import { joinFromWidget, openAs, startPortalStack, visibleText, waitForState } from './support/portal.mjs';

/** The widget's prejoin labels in Arabic (packages/elements/src/i18n/ar.ts). */
const AR = { start: 'تشغيل الكاميرا والميكروفون', agree: 'قرأت القواعد وأوافق عليها', join: 'الانضمام إلى الزيارة' };

/**
 * Where the widget's self view and its mute and leave buttons sit, as fractions of the widget's width (0 = its
 * left edge), from their bounding boxes.
 * @param {import('playwright-core').Page} page
 */
async function layout(page) {
  const widget = await page.locator('vk-visit').boundingBox();
  /** @param {string} selector */
  const x = async (selector) => {
    const box = await page.locator(selector).first().boundingBox();
    assert.ok(box && widget, `${selector} is laid out`);
    return (box.x + box.width / 2 - widget.x) / widget.width;
  };
  return {
    self: await x('vk-tile.self'),
    mic: await x('[part="mic-button"]'),
    leave: await x('[part="leave-button"]'),
  };
}

/** @param {import('playwright-core').Page} page */
const widgetDirection = (page) =>
  page.locator('vk-visit').evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.app')).direction);

describe('portal: right to left in Arabic', () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startPortalStack({ name: 'rtl' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the language switch turns the visit page and the widget to Arabic, mirrored', async () => {
    const visit = await stack.createVisit({ endIn: 600_000, participantIds: ['james', 'maria'] });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);

    const languages = family.page.getByRole('navigation', { name: 'Language' });
    assert.equal(await languages.getByRole('link', { name: 'English' }).getAttribute('aria-current'), 'page');
    await languages.getByRole('link', { name: 'العربية' }).click();
    await family.page.waitForURL(/[?&]lang=ar\b/);
    assert.equal(await family.page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await family.page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await family.page.getAttribute('vk-visit', 'lang'), 'ar');
    const arabicSwitch = family.page.getByRole('navigation', { name: 'اللغة' });
    assert.equal(await arabicSwitch.getByRole('link', { name: 'العربية' }).getAttribute('aria-current'), 'page');
    assert.equal(await arabicSwitch.getByRole('link', { name: 'English' }).getAttribute('lang'), 'en');
    assert.match(await visibleText(family.page), /العودة إلى القائمة/);

    await joinFromWidget(family.page, AR);
    await joinFromWidget(kiosk.page);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');

    assert.equal(await widgetDirection(family.page), 'rtl');
    assert.equal(await widgetDirection(kiosk.page), 'ltr');
    const rtl = await layout(family.page);
    const ltr = await layout(kiosk.page);
    assert.ok(rtl.self < 0.5, `the self view is on the left in Arabic (${rtl.self.toFixed(2)})`);
    assert.ok(ltr.self > 0.5, `the self view is on the right in English (${ltr.self.toFixed(2)})`);
    assert.ok(rtl.mic > rtl.leave, `mute comes first from the right in Arabic (${JSON.stringify(rtl)})`);
    assert.ok(ltr.mic < ltr.leave, `mute comes first from the left in English (${JSON.stringify(ltr)})`);

    await family.page.getByRole('button', { name: 'مغادرة الزيارة' }).waitFor();
    await family.page.getByRole('button', { name: 'كتم الميكروفون' }).waitFor();
    assert.doesNotMatch(await visibleText(family.page), /Leave visit|Mute microphone|Back to the list/);
    await family.context.close();
    await kiosk.context.close();
  });
});
