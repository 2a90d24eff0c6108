// WCAG 2.2 AA on the screens of a visit as a family member and the kiosk see them (see a11y-screens.test.mjs for
// how): prejoin, waiting room, the call, the device menu, the leave dialog, reconnecting and the end screen after
// leaving.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, widgetLang, useA11yStack } from './support/a11y.mjs';
import { joinFromWidget, openAs, waitForState, WAIT_MS } from './support/portal.mjs';

describe('accessibility: a family member and the kiosk in a visit pass axe (WCAG 2.2 AA)', () => {
  const env = useA11yStack('a11y-visit-screens');

  test('prejoin, waiting room, live visit, device menu, leave dialog, reconnecting, end screen', async () => {
    const { stack, browser } = env;
    const visit = await stack.createVisit({
      endIn: 900_000,
      recorded: true,
      monitored: true,
      participantIds: ['james', 'maria'],
    });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    const familyLang = widgetLang(family.page);
    const kioskLang = widgetLang(kiosk.page);

    await family.page.getByRole('button', { name: 'Turn on camera and microphone' }).waitFor({ timeout: WAIT_MS });
    await expectAccessible(family.page, 'family: prejoin before the camera', { setLang: familyLang });
    await family.page.getByRole('button', { name: 'Turn on camera and microphone' }).click();
    await family.page
      .getByRole('checkbox', { name: 'I have read and agree to the rules' })
      .waitFor({ timeout: WAIT_MS });
    await expectAccessible(family.page, 'family: prejoin with camera preview, mic level and rules', {
      setLang: familyLang,
    });
    await family.page.getByRole('checkbox', { name: 'I have read and agree to the rules' }).check();
    await family.page.getByRole('button', { name: 'Join visit' }).click();
    await waitForState(family.page, 'lobby');
    await expectAccessible(family.page, 'family: waiting room', { setLang: familyLang });

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
    for (const side of [family, kiosk]) await side.context.close();
  });
});
