// README screenshots of the sample portal: the family page, the facility kiosk and the staff monitor during a
// live visit, on a phone (390×844) and a desktop (1280×800), and the family page in child mode on a phone and a
// tablet (820×1180), with and without the adult controls open, and <vk-visit-timeline> of a finished visit on the
// staff visit page and the family history page. Starts its own LiveKit and portal, writes
// docs/screenshots/<page>-<size>.png, and stops everything. Needs a build (`npm run build`) first.
//
//   node scripts/screenshots.mjs            every screenshot
//   node scripts/screenshots.mjs child      only the child-mode ones
//   node scripts/screenshots.mjs timeline   only the visit timeline ones
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/paths.mjs';

const { launchChromium } = await import('../tests/support/browser.mjs');
const {
  decodedRemoteVideo,
  eventually,
  joinFromWidget,
  leaveFromWidget,
  openAs,
  readTimeline,
  startPortalStack,
  waitForState,
} = await import('../tests/support/portal.mjs');

const OUT = join(ROOT, 'docs', 'screenshots');
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const CHILD_SIZES = { phone: SIZES.phone, tablet: { width: 820, height: 1180 } };
const only = process.argv[2];
mkdirSync(OUT, { recursive: true });

/** Waits for the layout to settle while the video keeps playing, then writes `<name>.png`. */
async function shoot(page, name) {
  await page.mouse.move(0, 0);
  await new Promise((r) => setTimeout(r, 1500));
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  return { file: file.slice(ROOT.length + 1), kB: Math.round(statSync(file).size / 1024) };
}

/** The family page in child mode (switch ticked before joining), plain and with the adult controls opened. */
async function childModeShots(stack, browser) {
  const visit = await stack.createVisit({
    title: 'Family visit with James',
    startIn: -5 * 60_000,
    endIn: 25 * 60_000,
    recorded: true,
    monitored: true,
    participantIds: ['james', 'maria'],
  });
  const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, {
    viewport: CHILD_SIZES.tablet,
    hasTouch: true,
    permissions: ['camera', 'microphone', 'screen-wake-lock'],
  });
  const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`, { viewport: SIZES.desktop });
  await family.page.getByRole('switch', { name: /Child mode/ }).check();
  await joinFromWidget(family.page);
  await joinFromWidget(kiosk.page);
  await waitForState(family.page, 'live');
  await eventually(async () => (await decodedRemoteVideo(family.page)) > 0, 'remote video is shown');
  const shots = [];
  for (const [size, viewport] of Object.entries(CHILD_SIZES)) {
    await family.page.setViewportSize(viewport);
    // As the page does when the visit starts on this screen size.
    await family.page.locator('vk-visit').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    shots.push(await shoot(family.page, `family-child-${size}`));
  }
  const gate = family.page.locator('vk-visit').getByRole('button', { name: 'Adult controls' });
  await gate.focus();
  await family.page.keyboard.down('Enter');
  await family.page.locator('vk-visit').getByRole('button', { name: 'Leave visit' }).waitFor();
  await family.page.keyboard.up('Enter');
  shots.push(await shoot(family.page, 'family-child-tablet-controls'));
  await family.context.close();
  await kiosk.context.close();
  return shots;
}

const stack = await startPortalStack({ name: 'screenshots' });
const browser = await launchChromium();
try {
  if (only === 'child') {
    console.table(await childModeShots(stack, browser));
  } else if (only === 'timeline') {
    console.table(await timelineShots(stack, browser));
  } else {
    await allShots();
  }
} finally {
  await browser.close();
  await stack.stop();
}

async function allShots() {
  const visit = await stack.createVisit({
    title: 'Family visit with James',
    startIn: -5 * 60_000,
    endIn: 25 * 60_000,
    recorded: true,
    monitored: true,
    participantIds: ['james', 'maria'],
  });
  const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, { viewport: SIZES.phone });
  const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`, { viewport: SIZES.desktop });
  await joinFromWidget(family.page);
  await joinFromWidget(kiosk.page);
  await waitForState(family.page, 'live');
  await waitForState(kiosk.page, 'live');
  for (const side of [family, kiosk]) {
    await eventually(async () => (await decodedRemoteVideo(side.page)) > 0, 'remote video is shown');
  }
  const staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`, { viewport: SIZES.desktop });
  await staff.page.getByRole('button', { name: 'Start monitoring' }).click();
  await waitForState(staff.page, ['live', 'lobby'], { selector: 'vk-monitor' });
  await eventually(async () => (await decodedRemoteVideo(staff.page)) >= 2, 'the monitor shows both parties');

  const shots = [];
  for (const [name, side] of Object.entries({ family, kiosk, staff })) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      await side.page.setViewportSize(viewport);
      await side.page.mouse.move(0, 0);
      await new Promise((r) => setTimeout(r, 1500)); // layout settles, video keeps playing
      const file = join(OUT, `${name}-${size}.png`);
      await side.page.screenshot({ path: file });
      shots.push({ file: file.slice(ROOT.length + 1), kB: Math.round(statSync(file).size / 1024) });
    }
  }
  await family.context.close();
  await kiosk.context.close();
  await staff.context.close();
  shots.push(...(await childModeShots(stack, browser)));
  shots.push(...(await timelineShots(stack, browser)));
  console.table(shots);
}

/**
 * A visit with a waiting room, an officer monitoring and Maria leaving first, then its timeline on the staff
 * visit page (desktop, the officer's lane included) and on Maria's visit history (phone, no officer).
 */
async function timelineShots(stack, browser) {
  const visit = await stack.createVisit({
    title: 'Family visit with James',
    startIn: 8_000,
    endIn: 25 * 60_000,
    monitored: true,
    participantIds: ['james', 'maria'],
  });
  const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`, { viewport: SIZES.phone });
  await joinFromWidget(family.page);
  await waitForState(family.page, 'lobby');
  const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`, { viewport: SIZES.desktop });
  await joinFromWidget(kiosk.page);
  await waitForState(family.page, 'live');
  const staff = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`, { viewport: SIZES.desktop });
  await staff.page.getByRole('button', { name: 'Start monitoring' }).click();
  await waitForState(staff.page, ['live', 'lobby'], { selector: 'vk-monitor' });
  await new Promise((r) => setTimeout(r, 10_000)); // some billed time to draw
  await leaveFromWidget(family.page);
  await kiosk.context.close();
  await staff.context.close();
  await eventually(async () => (await stack.ledger(visit.id)).end, 'the ledger records the end');

  const shots = [];
  const officer = await openAs(browser, stack.url, 'reyes', `/staff/visits/${visit.id}`, { viewport: SIZES.desktop });
  await readTimeline(officer.page);
  await officer.page.locator('#ledger').scrollIntoViewIfNeeded();
  shots.push(await shoot(officer.page, 'staff-timeline-desktop'));
  const history = await openAs(browser, stack.url, 'maria', '/family/history', { viewport: SIZES.phone });
  await readTimeline(history.page, `li[data-visit="${visit.id}"] vk-visit-timeline`);
  await history.page.locator(`li[data-visit="${visit.id}"]`).scrollIntoViewIfNeeded();
  shots.push(await shoot(history.page, 'family-history-phone'));
  for (const side of [family, officer, history]) await side.context.close();
  return shots;
}
