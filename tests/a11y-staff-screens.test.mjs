// WCAG 2.2 AA on the screens around staff actions (see a11y-screens.test.mjs for how): the monitor before and
// while monitoring, a staff warning, the end-visit dialog, the end screen with the staff reason, the
// "visit is over" error, the kiosk's start screen after a visit and the ledger.
import { describe, test } from 'node:test';
import { expectAccessible, portalLang, widgetLang, useA11yStack } from './support/a11y.mjs';
import { joinFromWidget, openAs, waitForState, WAIT_MS } from './support/portal.mjs';

describe('accessibility: staff actions and what follows pass axe (WCAG 2.2 AA)', () => {
  // The kiosk goes back to its start screen through "Start over", not the timer, so its end screen stays put.
  const env = useA11yStack('a11y-staff-screens', { kioskReturnMs: 600_000 });

  test('monitoring, a warning, staff ending the visit, the error after, the kiosk start, the ledger', async () => {
    const { stack, browser } = env;
    const visit = await stack.createVisit({
      endIn: 900_000,
      recorded: true,
      monitored: true,
      participantIds: ['james', 'maria'],
    });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    const staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`);
    const familyLang = widgetLang(family.page);
    const kioskLang = widgetLang(kiosk.page);
    const staffLang = widgetLang(staff.page, 'vk-monitor');

    await staff.page.getByRole('button', { name: 'Start monitoring' }).waitFor({ timeout: WAIT_MS });
    await expectAccessible(staff.page, 'staff: monitor before joining, with the ledger', { setLang: staffLang });
    await joinFromWidget(family.page);
    await joinFromWidget(kiosk.page);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');

    await staff.page.getByRole('button', { name: 'Start monitoring' }).click();
    await waitForState(staff.page, ['live', 'lobby'], { selector: 'vk-monitor' });
    await expectAccessible(staff.page, 'staff: monitoring a live visit', { setLang: staffLang });
    await staff.page.getByRole('button', { name: 'Please mind your language.' }).click();
    await family.page.getByText('Message from staff').waitFor({ timeout: WAIT_MS });
    await expectAccessible(family.page, 'family: live visit with a staff warning', { setLang: familyLang });

    await staff.page.getByRole('button', { name: 'End visit' }).click();
    const dialog = staff.page.getByRole('dialog');
    await dialog.waitFor();
    await expectAccessible(staff.page, 'staff: end-visit dialog', { setLang: staffLang });
    await dialog.getByLabel('Reason (shared with the participants)').fill('Visit ended by the officer.');
    await dialog.getByRole('button', { name: 'End visit' }).click();
    await waitForState(kiosk.page, 'ended');
    await expectAccessible(kiosk.page, 'kiosk: end screen (staff ended the visit, with the reason)', {
      setLang: kioskLang,
    });
    await expectAccessible(staff.page, 'staff: monitor after the end', { setLang: staffLang });

    // The family member tries again: the visit is over.
    await waitForState(family.page, 'ended');
    await family.page.reload();
    await joinFromWidget(family.page);
    await waitForState(family.page, 'failed');
    await expectAccessible(family.page, 'family: error screen (this visit is over)', { setLang: familyLang });

    // The kiosk goes back to its start screen; the kiosk list reloads itself every 30 s: freeze its timers.
    await kiosk.page.getByRole('button', { name: 'Start over' }).click();
    await kiosk.page.waitForURL(/\/kiosk$/, { timeout: WAIT_MS });
    await kiosk.page.clock.install();
    await expectAccessible(kiosk.page, 'kiosk: start screen after a visit', {
      setLang: portalLang(kiosk.page, stack.url, '/kiosk'),
    });

    await staff.page.goto(`${stack.url}/staff/visits/${visit.id}#ledger`);
    await expectAccessible(staff.page, 'staff: ledger of the terminated visit', {
      setLang: portalLang(staff.page, stack.url, `/staff/visits/${visit.id}`),
    });
    for (const side of [family, kiosk, staff]) await side.context.close();
  });
});
