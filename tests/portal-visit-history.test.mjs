// End to end: a real visit on the sample portal (real LiveKit, real Chromium on both sides), then the family's
// "visit history" page draws it with <vk-visit-timeline> from the family-narrowed ledger, and the staff visit
// page draws the full one. Family ledgers are authorized like the other family routes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import {
  eventually,
  joinFromWidget,
  leaveFromWidget,
  openAs,
  readTimeline,
  signIn,
  startPortalStack,
  WAIT_MS,
  waitForRemoteMedia,
} from './support/portal.mjs';

describe('the family visit history on the sample portal', () => {
  let stack;
  let browser;
  let visit;
  let ledger;

  before(async () => {
    stack = await startPortalStack({ name: 'history' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('a visit both sides joined, saw each other in, and Maria left', async () => {
    visit = await stack.createVisit({ title: 'History visit', endIn: 10 * 60_000, participantIds: ['james', 'maria'] });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    for (const side of [family, kiosk]) await joinFromWidget(side.page);
    await waitForRemoteMedia(family.page, 'james');
    await waitForRemoteMedia(kiosk.page, 'maria');
    await leaveFromWidget(family.page);
    await kiosk.context.close();
    await family.context.close();
    ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      return l.end && l.participants.every((p) => p.intervals.every((i) => i.leftAt)) ? l : undefined;
    }, 'the ledger records the end and both departures');
    assert.ok(ledger.billableSeconds > 0, JSON.stringify(ledger));
  });

  test('Maria finds it under her past visits, drawn as a timeline that says what was billed and why not', async () => {
    const family = await openAs(browser, stack.url, 'maria', '/family');
    const link = family.page.getByRole('link', { name: 'Past visits and charges' });
    assert.equal(await link.getAttribute('href'), '/family/history');
    await family.page.goto(`${stack.url}/family/history`);
    const item = `li[data-visit="${visit.id}"] vk-visit-timeline`;
    const timeline = await readTimeline(family.page, item);
    const seconds = Math.round(ledger.billableSeconds);
    assert.match(timeline.summary.Billed, new RegExp(`${seconds % 60} seconds?$`), JSON.stringify(timeline.summary));
    assert.equal(timeline.summary.Ended, 'The visit ended when Maria Lopez left');
    assert.deepEqual(timeline.lanes.slice(0, 2).sort(), ['James CarterResident', 'Maria LopezVisitor']);
    assert.ok(
      timeline.rows.some((row) => row.includes('Billed: both sides could see and hear each other')),
      timeline.rows.join('\n'),
    );
    assert.ok(
      timeline.rows.some((row) => /Not billed: only one side connected/.test(row)),
      timeline.rows.join('\n'),
    );
    assert.ok(!family.logs.some((line) => /pageerror|http [45]\d\d|csp-violation/.test(line)), family.logs.join('\n'));
    // The table alternative, shown on request.
    await family.page.locator(item).getByRole('button', { name: 'Show as a table' }).click({ timeout: WAIT_MS });
    await family.page.locator(item).getByRole('table').waitFor({ state: 'visible' });
    await family.context.close();
  });

  test('the family ledger is only for people on the visit, and staff see the same visit on the staff page', async () => {
    const context = await browser.newContext();
    await signIn(context, stack.url, 'luis'); // a family member who was not on this visit
    assert.equal((await context.request.get(`${stack.url}/family/visits/${visit.id}/ledger.json`)).status(), 404);
    await signIn(context, stack.url, 'james'); // a resident: not the family area
    assert.equal((await context.request.get(`${stack.url}/family/visits/${visit.id}/ledger.json`)).status(), 403);
    await context.close();

    const staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`);
    const timeline = await readTimeline(staff.page);
    assert.equal(timeline.summary.Ended, 'The visit ended when Maria Lopez left');
    assert.deepEqual(timeline.lanes.slice(0, 2).sort(), ['James CarterResident', 'Maria LopezVisitor']);
    await staff.context.close();
  });
});
