// What axe cannot see, on the sample portal against the real stack:
// - keyboard only: a family member joins, mutes, turns the camera off, opens the device menu and leaves; an officer
//   warns, mutes and ends a visit — focus follows the screen, is never lost or hidden (2.4.11), dialogs keep focus
//   inside and give it back;
// - screen readers: every control in Chromium's accessibility tree has a name; the live regions announce the
//   other party joining and leaving, staff messages, time warnings, reconnecting and the end with its reason,
//   each once;
// - target size ≥ 24 × 24 px (2.5.8), reflow at 320 px (1.4.10), text spacing (1.4.12), reduced motion and
//   forced colours.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  announcements,
  focused,
  overrideTextSpacing,
  recordAnnouncements,
  reflowProblems,
  runningAnimations,
  smallTargets,
  tabTo,
  unnamedControls,
  VIEWPORTS,
} from './support/a11y.mjs';
import { launchChromium } from './support/browser.mjs';
import {
  eventually,
  joinFromWidget,
  openAs,
  startPortalStack,
  visibleText,
  waitForState,
  WAIT_MS,
} from './support/portal.mjs';

/**
 * What live regions said that matches `pattern`, and how politely.
 * @param {import('playwright-core').Page} page
 * @param {RegExp} pattern
 */
async function said(page, pattern) {
  return (await announcements(page)).filter((a) => pattern.test(a.text));
}

/**
 * Fails unless a live region said `pattern` exactly once, with `politeness`.
 * @param {import('playwright-core').Page} page
 * @param {RegExp} pattern
 * @param {'polite' | 'assertive'} politeness
 */
async function saidOnce(page, pattern, politeness, timeoutMs = WAIT_MS) {
  const matches = await eventually(
    async () => {
      const m = await said(page, pattern);
      return m.length > 0 ? m : undefined;
    },
    `a live region says ${pattern}`,
    timeoutMs,
    () => announcements(page),
  );
  assert.equal(matches.length, 1, `said once: ${JSON.stringify(matches)}`);
  assert.equal(matches[0].politeness, politeness, `${pattern} is ${politeness}`);
}

/**
 * The checks of one screen at phone, desktop and 320 px widths: no unnamed control, no target under 24 px, and
 * at 320 px (with and without the text-spacing overrides) nothing scrolls sideways or is cut off.
 * @param {import('playwright-core').Page} page
 * @param {string} screen
 */
async function expectUsableAtAnySize(page, screen) {
  const original = page.viewportSize();
  assert.deepEqual(await unnamedControls(page), [], `${screen}: every control has a name`);
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    assert.deepEqual(await smallTargets(page), [], `${screen} (${size}): targets are at least 24×24 px`);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  assert.deepEqual(await reflowProblems(page), [], `${screen}: reflows at 320 px`);
  await overrideTextSpacing(page);
  assert.deepEqual(await reflowProblems(page), [], `${screen}: reflows at 320 px with the text-spacing overrides`);
  if (original) await page.setViewportSize(original);
}

/**
 * Whether the page's `<vk-visit>` client has its microphone / camera on.
 * @param {import('playwright-core').Page} page
 * @param {'micEnabled' | 'cameraEnabled'} flag
 */
function clientFlag(page, flag) {
  return page.evaluate(
    (f) =>
      /** @type {HTMLElement & { client?: Record<string, unknown> }} */ (document.querySelector('vk-visit')).client?.[
        f
      ],
    flag,
  );
}

describe('accessibility: keyboard, screen reader, sizes and preferences on the sample portal', () => {
  /** @type {Awaited<ReturnType<typeof startPortalStack>>} */
  let stack;
  /** @type {import('playwright-core').Browser} */
  let browser;
  const withAnnouncements = { init: recordAnnouncements };

  before(async () => {
    stack = await startPortalStack({ name: 'a11y-interaction', kioskReturnMs: 600_000 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a family member joins, mutes, turns the camera off, picks devices and leaves with the keyboard only', async () => {
    const visit = await stack.createVisit({ endIn: 900_000, participantIds: ['james', 'maria'] });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, {}, withAnnouncements);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`, {}, withAnnouncements);
    const { page } = family;
    await page.getByRole('button', { name: 'Turn on camera and microphone' }).waitFor({ timeout: WAIT_MS });

    // Focus order follows the screen: the page's links and the child-mode switch, then the widget.
    const toStart = await tabTo(page, /Turn on camera and microphone/);
    assert.ok(
      toStart.findIndex((l) => /Back|Volver/.test(l)) < toStart.findIndex((l) => /child-mode|input/.test(l)),
      toStart.join(' → '),
    );
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: 'I have read and agree to the rules' }).waitFor({ timeout: WAIT_MS });
    await expectUsableAtAnySize(page, 'family: prejoin');
    await tabTo(page, /I have read and agree to the rules/);
    await page.keyboard.press('Space');
    await tabTo(page, /Join visit/);
    await page.keyboard.press('Enter');
    await waitForState(page, 'lobby');
    // The waiting room's heading takes focus: a screen reader reads where the person is now.
    await eventually(
      async () => /Waiting room/.test((await focused(page))?.label ?? ''),
      'the waiting room heading has focus',
    );

    await joinFromWidget(kiosk.page);
    await waitForState(page, 'live');
    await saidOnce(page, /James Carter joined the visit\./, 'polite');
    await expectUsableAtAnySize(page, 'family: live visit');
    await expectUsableAtAnySize(kiosk.page, 'kiosk: live visit');

    // The control bar in reading order, every control reachable and never hidden behind another element.
    const bar = await tabTo(page, /Leave visit/);
    const order = bar.slice(bar.findIndex((l) => /Mute microphone/.test(l)));
    assert.deepEqual(
      order.map((l) => /"(.*)"/.exec(l)?.[1]),
      ['Mute microphone', 'Turn camera off', 'Audio only', 'Devices', 'Leave visit'],
    );
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Shift+Tab');
    assert.match((await focused(page))?.label ?? '', /Mute microphone/);
    await page.keyboard.press('Enter');
    await eventually(async () => (await clientFlag(page, 'micEnabled')) === false, 'the microphone is off');
    // The muted state has a visible form and is said once; the button keeps focus with its new name.
    assert.match(await visibleText(page), /Your microphone is off: the others cannot hear you\./);
    await saidOnce(page, /Your microphone is off/, 'polite');
    assert.match((await focused(page))?.label ?? '', /Unmute microphone/);
    await page.keyboard.press('Enter');
    await eventually(async () => (await clientFlag(page, 'micEnabled')) === true, 'the microphone is on again');

    await page.keyboard.press('Tab');
    assert.match((await focused(page))?.label ?? '', /Turn camera off/);
    await page.keyboard.press('Enter');
    await eventually(async () => (await clientFlag(page, 'cameraEnabled')) === false, 'the camera is off');
    assert.match((await focused(page))?.label ?? '', /Turn camera on/);
    await page.keyboard.press('Enter');
    await eventually(async () => (await clientFlag(page, 'cameraEnabled')) === true, 'the camera is on again');

    // "Audio only" is a toggle button: pressed and released from the keyboard, keeping focus.
    await page.keyboard.press('Tab');
    const audioOnly = page.getByRole('button', { name: 'Audio only' });
    assert.match((await focused(page))?.label ?? '', /Audio only/);
    await page.keyboard.press('Enter');
    await eventually(async () => (await audioOnly.getAttribute('aria-pressed')) === 'true', 'audio only is on');
    await eventually(
      async () => (await clientFlag(page, 'cameraEnabled')) === false,
      'audio only turns the camera off',
    );
    assert.match((await focused(page))?.label ?? '', /Audio only/);
    await page.keyboard.press('Enter');
    await eventually(async () => (await audioOnly.getAttribute('aria-pressed')) === 'false', 'audio only is off');
    await eventually(async () => (await clientFlag(page, 'cameraEnabled')) === true, 'the camera is back');

    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const devicesPath = await tabTo(page, /select/);
    assert.match(devicesPath[0], /Leave visit/, 'the device menu comes after the bar, in reading order');
    assert.equal(await page.getByRole('button', { name: 'Devices' }).getAttribute('aria-expanded'), 'true');
    await expectUsableAtAnySize(page, 'family: device menu');

    // The leave dialog: focus goes in, stays in, and comes back to "Leave visit" when it is dismissed.
    await page.keyboard.press('Shift+Tab');
    assert.match((await focused(page))?.label ?? '', /Leave visit/);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    assert.match((await focused(page))?.label ?? '', /Stay/);
    await expectUsableAtAnySize(page, 'family: leave dialog');
    // A modal <dialog> makes the page behind it inert: Tab cycles through its buttons (and the browser's own UI,
    // where focus is in no element of the page), never to the page behind it.
    const inside = new Set();
    for (let i = 0; i < 5; i += 1) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (!now) continue;
      assert.ok(/"(Stay|Leave)"/.test(now.label), `focus stays in the dialog, went to ${now.label}`);
      inside.add(now.label);
    }
    assert.equal(inside.size, 2, `both dialog buttons are reached: ${[...inside].join(', ')}`);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.match(
      (await focused(page))?.label ?? '',
      /Leave visit/,
      'focus returns to the button that opened the dialog',
    );
    await page.keyboard.press('Enter');
    await tabTo(page, /"Leave"/);
    await page.keyboard.press('Enter');
    await waitForState(page, 'ended');
    await eventually(
      async () => /The visit has ended/.test((await focused(page))?.label ?? ''),
      'the end screen heading has focus',
    );
    await saidOnce(page, /You left the visit\./, 'polite');
    await saidOnce(kiosk.page, /Maria Lopez left the visit\./, 'polite');
    await expectUsableAtAnySize(page, 'family: end screen');
    for (const side of [family, kiosk]) await side.context.close();
  });

  test('an officer warns, mutes and ends a visit with the keyboard; warnings, reconnecting and the end are announced once', async () => {
    // A time warning 4 minutes before the end: 60 s after the visit is created.
    const warningAt = Date.now() + 60_000;
    const visit = await stack.createVisit({
      endIn: 300_000,
      monitored: true,
      warnings: [240],
      participantIds: ['james', 'maria'],
    });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, {}, withAnnouncements);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`, {}, withAnnouncements);
    const staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`, {}, withAnnouncements);
    await joinFromWidget(family.page);
    await joinFromWidget(kiosk.page);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');

    const { page } = staff;
    await page.getByRole('button', { name: 'Start monitoring' }).waitFor({ timeout: WAIT_MS });
    await tabTo(page, /Start monitoring/);
    await page.keyboard.press('Enter');
    await waitForState(page, ['live', 'lobby'], { selector: 'vk-monitor' });
    await page.getByRole('button', { name: 'Please mind your language.' }).waitFor({ timeout: WAIT_MS });
    await expectUsableAtAnySize(page, 'staff: monitoring');

    await tabTo(page, /Please mind your language\./);
    await page.keyboard.press('Enter');
    await saidOnce(family.page, /Message from staff: Please mind your language\./, 'assertive');
    await saidOnce(kiosk.page, /Message from staff: Please mind your language\./, 'assertive');
    await saidOnce(page, /Warning sent\./, 'polite');

    await tabTo(page, /Mute Maria Lopez/);
    await page.keyboard.press('Enter');
    await saidOnce(page, /Maria Lopez was muted\./, 'polite');
    await saidOnce(family.page, /Your microphone is off/, 'polite');

    // The warning comes by the clock: wait for its moment (however fast the steps above went), then for the words.
    const untilWarning = Math.max(0, warningAt - Date.now()) + WAIT_MS;
    await saidOnce(family.page, /left in this visit\./, 'assertive', untilWarning);
    await saidOnce(kiosk.page, /left in this visit\./, 'assertive', untilWarning);

    // Reconnecting: said once (assertive); with reduced motion nothing moves, without it the spinner turns.
    await kiosk.page.emulateMedia({ reducedMotion: 'reduce' });
    assert.ok(stack.livekit.pid, 'the LiveKit server runs as a child process');
    process.kill(stack.livekit.pid, 'SIGSTOP');
    let moving;
    try {
      await waitForState(kiosk.page, 'reconnecting', { timeoutMs: 60_000 });
      await saidOnce(kiosk.page, /Reconnecting…/, 'assertive');
      assert.equal(await runningAnimations(kiosk.page), 0, 'no animation with reduced motion');
      await kiosk.page.emulateMedia({ reducedMotion: 'no-preference' });
      moving = await runningAnimations(kiosk.page);
    } finally {
      process.kill(stack.livekit.pid, 'SIGCONT');
    }
    assert.ok(moving > 0, 'the spinner turns when motion is fine');
    await waitForState(kiosk.page, 'live', { timeoutMs: 60_000 });

    // Forced colours: the focus ring is still drawn (a real outline, not a shadow or a background).
    await page.emulateMedia({ forcedColors: 'active' });
    await tabTo(page, /End visit/);
    const ring = await page.evaluate(() => {
      /** @type {Element | null} */
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      const style = el ? getComputedStyle(el) : undefined;
      return { style: style?.outlineStyle, width: parseFloat(style?.outlineWidth ?? '0') };
    });
    assert.deepEqual(ring, { style: 'solid', width: 3 });
    await page.emulateMedia({ forcedColors: 'none' });

    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    const inDialog = await focused(page);
    assert.ok(inDialog && /textarea|Reason/i.test(inDialog.label), `focus moves into the dialog: ${inDialog?.label}`);
    await page.keyboard.type('Visit ended by the officer.');
    await tabTo(page, /End visit/);
    await page.keyboard.press('Enter');
    for (const side of [family, kiosk]) {
      await waitForState(side.page, 'ended');
      await saidOnce(side.page, /Staff ended the visit\./, 'polite');
    }
    for (const side of [family, kiosk, staff]) await side.context.close();
  });

  test('portal pages: names, target sizes, reflow at 320 px and text spacing', async () => {
    for (const [user, path, screen] of [
      ['maria', '/family', 'family: visit list'],
      ['james', '/kiosk', 'kiosk: start screen'],
      ['reyes', '/staff', 'staff: overview'],
      ['reyes', '/staff/visits/social-over', 'staff: ledger'],
    ]) {
      const { page, context } = await openAs(browser, stack.url, user, path);
      await expectUsableAtAnySize(page, screen);
      await context.close();
    }
  });
});
