// End to end on the sample portal: an officer monitors a live social visit from the staff page — joins unseen,
// sees and hears both parties, warns, mutes, and terminates with a reason. The participants see the warning and
// the reason, and can neither rejoin nor get a new token. The ledger keeps every staff action and the end cause.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import {
  eventually,
  joinFromWidget,
  openAs,
  remoteMedia,
  startPortalStack,
  visibleText,
  waitForState,
} from './support/portal.mjs';

const REASON = 'Rules of conduct broken after a final warning';

describe('portal: a monitor warns, mutes and terminates', () => {
  let stack;
  let browser;
  let visit;
  let family;
  let kiosk;
  let staff;

  before(async () => {
    stack = await startPortalStack({ name: 'monitor' });
    browser = await launchChromium();
    visit = await stack.createVisit({
      endIn: 600_000,
      recorded: true,
      monitored: true,
      participantIds: ['james', 'maria'],
    });
    family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    await joinFromWidget(family.page);
    await joinFromWidget(kiosk.page);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('the officer joins hidden and sees and hears both parties; they do not see the officer', async () => {
    staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`);
    await staff.page.getByRole('button', { name: 'Start monitoring' }).click();
    await waitForState(staff.page, ['live', 'lobby'], { selector: 'vk-monitor' });
    const seen = await eventually(async () => {
      const remote = await remoteMedia(staff.page, 'vk-monitor');
      const both = ['james', 'maria'].every((id) => remote.some((p) => p.identity === id && p.video && p.audio));
      return both ? remote : undefined;
    }, 'the monitor receives video and audio of both parties');
    assert.ok(seen.length >= 2);
    // Give the others time to learn about the monitor if LiveKit were to announce it.
    await new Promise((r) => setTimeout(r, 2000));
    for (const side of [family, kiosk]) {
      const identities = (await remoteMedia(side.page)).map((p) => p.identity);
      assert.ok(!identities.includes('reyes'), `the monitor is invisible, saw: ${identities.join(', ')}`);
    }
  });

  test('a warning from the staff page is shown to both participants', async () => {
    await staff.page.getByRole('button', { name: 'Please mind your language.' }).click();
    for (const side of [family, kiosk]) {
      await eventually(
        async () => /Please mind your language\./.test(await visibleText(side.page)),
        'the warning is shown',
      );
    }
  });

  test('muting the family member turns her microphone off on every side', async () => {
    await staff.page.getByRole('button', { name: 'Mute Maria Lopez' }).click();
    await eventually(
      () =>
        kiosk.page.evaluate(
          () =>
            document.querySelector('vk-visit').client.participants.find((p) => p.identity === 'maria')?.micEnabled ===
            false,
        ),
      'the resident sees Maria muted',
    );
    await eventually(
      () =>
        family.page.evaluate(() => {
          const client = document.querySelector('vk-visit').client;
          return client.micEnabled === false || client.participants.find((p) => p.isLocal)?.micEnabled === false;
        }),
      "Maria's own widget shows her microphone muted",
    );
  });

  test('terminating with a reason ends the visit for both, shows the reason, and nobody can rejoin', async () => {
    await staff.page.getByRole('button', { name: 'End visit' }).click();
    const dialog = staff.page.getByRole('dialog');
    await dialog.getByLabel('Reason (shared with the participants)').fill(REASON);
    await dialog.getByRole('button', { name: 'End visit' }).click();
    for (const side of [family, kiosk]) {
      await waitForState(side.page, 'ended');
      const end = await side.page.evaluate(() => {
        const { endInfo } = document.querySelector('vk-visit').client;
        return { reason: endInfo.reason, message: endInfo.message };
      });
      assert.equal(end.reason, 'terminated');
      assert.equal(end.message, REASON);
      const text = await visibleText(side.page);
      assert.match(text, /Staff ended the visit\./);
      assert.ok(text.includes(`Reason given: ${REASON}`), 'the staff reason is shown');
    }
    const token = await family.context.request.post(`${stack.url}/api/visitkit/visits/${visit.id}/token`, {
      data: {},
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(token.status(), 409);
    assert.equal((await token.json()).error.code, 'visit-terminated');
    // And through the widget, as a person would try it: reload and join again.
    await family.page.reload();
    await joinFromWidget(family.page);
    await waitForState(family.page, 'failed');
    assert.equal(
      await family.page.evaluate(() => document.querySelector('vk-visit').client.lastError.code),
      'visit-terminated',
    );
    assert.match(await visibleText(family.page), /This visit is over/);
  });

  test('the ledger records the warning, the mute and the termination with the staff member and reason', async () => {
    const ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      return l.end ? l : undefined;
    }, 'the ledger records the end');
    assert.equal(ledger.end.cause, 'staff');
    assert.equal(ledger.end.identity, 'reyes');
    assert.equal(ledger.end.reason, REASON);
    assert.deepEqual(ledger.staffActions.map((a) => a.action).sort(), ['mute', 'terminate', 'warn']);
    assert.ok(ledger.staffActions.every((a) => a.staff === 'reyes'));
    assert.ok(!ledger.participants.some((p) => p.role === 'monitor' && p.identity !== 'reyes'));
  });
});
