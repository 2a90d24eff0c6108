// README screenshots of the sample portal: the family page, the facility kiosk and the staff monitor during a
// live visit, on a phone (390×844) and a desktop (1280×800). Starts its own LiveKit and portal, writes
// docs/screenshots/<page>-<phone|desktop>.png, and stops everything. Needs a build (`npm run build`) first.
//
//   node scripts/screenshots.mjs
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/paths.mjs';

const { launchChromium } = await import('../tests/support/browser.mjs');
const { decodedRemoteVideo, eventually, joinFromWidget, openAs, startPortalStack, waitForState } = await import(
  '../tests/support/portal.mjs'
);

const OUT = join(ROOT, 'docs', 'screenshots');
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
mkdirSync(OUT, { recursive: true });

const stack = await startPortalStack({ name: 'screenshots' });
const browser = await launchChromium();
try {
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
  console.table(shots);
} finally {
  await browser.close();
  await stack.stop();
}
