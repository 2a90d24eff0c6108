// End to end on the sample portal: a privileged (attorney) visit. The officer's monitor is refused, both
// sides are told the visit is not recorded or monitored, and the ledger never has a monitor in it.
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

describe('portal: a privileged attorney visit', () => {
  let stack;
  let browser;
  let visit;

  before(async () => {
    stack = await startPortalStack({ name: 'privileged' });
    browser = await launchChromium();
    visit = await stack.createVisit({ kind: 'privileged', endIn: 600_000, participantIds: ['james', 'okafor'] });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('attorney and resident talk; both see "not recorded or monitored"; the monitor is refused; the ledger has no monitor', async () => {
    const attorney = await openAs(browser, stack.url, 'okafor', `/attorney/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    await joinFromWidget(attorney.page);
    await joinFromWidget(kiosk.page);
    await waitForState(attorney.page, 'live');
    await waitForState(kiosk.page, 'live');
    for (const [side, other] of /** @type {[typeof attorney, string][]} */ ([
      [attorney, 'james'],
      [kiosk, 'okafor'],
    ])) {
      await eventually(
        async () => (await remoteMedia(side.page)).some((p) => p.identity === other && p.video && p.audio),
        `${other} is seen and heard`,
        undefined,
        () => remoteMedia(side.page),
      );
      const text = await visibleText(side.page);
      assert.match(text, /This visit is not recorded or monitored\./);
      assert.doesNotMatch(text, /This visit is monitored/);
    }

    const staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`);
    await staff.page.getByRole('button', { name: 'Start monitoring' }).click();
    await eventually(
      async () =>
        /Privileged visits are never monitored, so you cannot join this one\./.test(await visibleText(staff.page)),
      'the staff page says the monitor is refused',
    );
    assert.notEqual(await staff.page.evaluate(() => document.querySelector('vk-monitor').client?.state), 'live');
    const token = await staff.context.request.post(`${stack.url}/api/visitkit/visits/${visit.id}/token`, {
      data: {},
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(token.status(), 403);
    assert.equal((await token.json()).error.code, 'privileged-visit');

    await attorney.page.getByRole('button', { name: 'Leave visit' }).click();
    await attorney.page.getByRole('button', { name: 'Leave', exact: true }).click();
    await waitForState(attorney.page, 'ended');
    const ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      return l.participants.some((p) => p.identity === 'okafor' && p.intervals.every((i) => i.leftAt)) ? l : undefined;
    }, 'the ledger records the attorney leaving');
    assert.deepEqual(ledger.participants.map((p) => p.role).sort(), ['attorney', 'resident']);
    assert.ok(ledger.participants.every((p) => p.role !== 'monitor'));
    assert.ok(ledger.bothConnectedSeconds > 0);
    const events = await stack.events(visit.id);
    assert.ok(!events.some((e) => e.participant?.role === 'monitor'), 'no monitor ever joined the room');
    for (const side of [attorney, kiosk, staff]) await side.context.close();
  });
});
