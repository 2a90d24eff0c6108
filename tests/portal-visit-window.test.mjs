// End to end on the sample portal: the visit window. Too early, the lobby counts down on the server clock and the
// visit starts by itself at startsAt; before the lobby opens and after the end, joining is refused with a clear message.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import { eventually, joinFromWidget, openAs, startPortalStack, visibleText, waitForState } from './support/portal.mjs';

const clientInfo = (page) =>
  page.evaluate(() => {
    const c = document.querySelector('vk-visit').client;
    return { state: c.state, lobbyReason: c.lobbyReason, untilStartMs: c.untilStartMs, code: c.lastError?.code };
  });

describe('portal: the visit window', () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startPortalStack({ name: 'window' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('too early: the lobby counts down and the visit starts at startsAt', async () => {
    const visit = await stack.createVisit({
      startIn: 15_000,
      lobbyOpensIn: -1000,
      endIn: 120_000,
      participantIds: ['james', 'maria'],
    });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    await joinFromWidget(family.page);
    await joinFromWidget(kiosk.page);
    await waitForState(family.page, 'lobby');
    const first = await clientInfo(family.page);
    assert.equal(first.lobbyReason, 'before-start');
    assert.ok(first.untilStartMs > 0 && first.untilStartMs <= 15_000, `until start: ${first.untilStartMs}`);
    assert.match(await visibleText(family.page), /Starts in/);
    await eventually(async () => {
      const later = await clientInfo(family.page);
      return later.state === 'lobby' && later.untilStartMs < first.untilStartMs - 1500 ? later : undefined;
    }, 'the countdown goes down');
    await waitForState(family.page, 'live', { timeoutMs: 60_000 });
    await waitForState(kiosk.page, 'live', { timeoutMs: 30_000 });
    assert.ok(Date.now() >= Date.parse(visit.startsAt) - 1500, 'the visit did not go live before startsAt');
    for (const side of [family, kiosk]) await side.context.close();
  });

  test('after the end: joining is refused with "This visit is over"', async () => {
    const visit = await stack.createVisit({ startIn: -120_000, endIn: -60_000, participantIds: ['james', 'maria'] });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    await joinFromWidget(family.page);
    await waitForState(family.page, 'failed');
    assert.equal((await clientInfo(family.page)).code, 'visit-ended');
    assert.match(await visibleText(family.page), /This visit is over/);
    await family.page.goto(`${stack.url}/family`);
    const card = family.page.locator(`[data-visit="${visit.id}"]`);
    assert.match(await card.innerText(), /Over/);
    assert.equal(await card.getByRole('link').count(), 0, 'no join link on a visit that is over');
    await family.context.close();
  });

  test('before the lobby opens: joining is refused with "This visit is not open yet"', async () => {
    const visit = await stack.createVisit({ startIn: 3_600_000, endIn: 5_400_000, participantIds: ['james', 'maria'] });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    await joinFromWidget(family.page);
    await waitForState(family.page, 'failed');
    assert.equal((await clientInfo(family.page)).code, 'not-open-yet');
    assert.match(await visibleText(family.page), /This visit is not open yet/);
    await family.context.close();
  });
});
