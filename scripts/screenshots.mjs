// README screenshots of the sample portal: the family page, the facility kiosk and the staff monitor during a
// live visit, on a phone (390×844) and a desktop (1280×800), and the family page in child mode on a phone and a
// tablet (820×1180), with and without the adult controls open. Starts its own LiveKit and portal, writes
// docs/screenshots/<page>-<size>.png, and stops everything. Needs a build (`npm run build`) first.
//
//   node scripts/screenshots.mjs            every screenshot
//   node scripts/screenshots.mjs child      only the child-mode ones
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/paths.mjs';

const { launchChromium } = await import('../tests/support/browser.mjs');
const { decodedRemoteVideo, eventually, joinFromWidget, openAs, startPortalStack, waitForState } =
  await import('../tests/support/portal.mjs');

const OUT = join(ROOT, 'docs', 'screenshots');
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const CHILD_SIZES = { phone: SIZES.phone, tablet: { width: 820, height: 1180 } };
const onlyChild = process.argv[2] === 'child';
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
  if (onlyChild) {
    console.table(await childModeShots(stack, browser));
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
  console.table(shots);
}
