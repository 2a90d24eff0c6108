// End to end on a cluster: two LiveKit nodes on one Redis, two portal instances on one PostgreSQL server, a load
// balancer in front of the instances that LiveKit's webhooks go through. Instance A hands out node 1, instance B
// node 2, so the resident comes through A / node 1 and the family member through B / node 2: media flows both ways,
// both instances' enforcers run (each warning reaches the widget once, the visit ends once, at endsAt), the ledger
// built from both nodes' webhooks is right, and staff on instance B reach people connected through node 1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import { startClusterStack } from './support/cluster.mjs';
import {
  decodedRemoteVideo,
  eventually,
  joinFromWidget,
  openAs,
  recordClientEvents,
  remoteMedia,
  visibleText,
  waitForState,
} from './support/portal.mjs';

/** Opens `path` as `user` on one instance, noting the LiveKit URLs its widget opens WebSockets to. */
async function openOn(browser, instanceUrl, user, path) {
  const side = await openAs(browser, instanceUrl, user, path);
  const sockets = [];
  side.page.on('websocket', (socket) => sockets.push(socket.url()));
  return { ...side, sockets };
}

/** What the widget's client saw: its end reason and time and the warnings it showed. */
const endInfo = (page) =>
  page.evaluate(() => {
    const { endInfo: info } = document.querySelector('vk-visit').client;
    return { reason: info.reason, message: info.message, endedAt: info.endedAt.getTime(), ...window.__vk };
  });

/** Waits until both sides are live; on failure says where each side is and what its page logged. */
async function bothLive(...sides) {
  try {
    for (const side of sides) await waitForState(side.page, 'live');
  } catch (error) {
    const where = await Promise.all(
      sides.map((side) =>
        side.page.evaluate(() => {
          const c = document.querySelector('vk-visit')?.client;
          return { state: c?.state, lobbyReason: c?.lobbyReason, error: c?.lastError?.code };
        }),
      ),
    );
    assert.fail(
      `${error.message}\n${JSON.stringify(where)}\n${sides.map((side) => side.logs.join('\n')).join('\n--\n')}`,
    );
  }
}

describe('cluster: 2 LiveKit nodes, 2 portal instances', () => {
  let stack;
  let browser;
  let nodes;
  let instances;

  before(async () => {
    stack = await startClusterStack({ name: 'cluster-visit', pinned: true });
    browser = await launchChromium();
    nodes = stack.cluster.nodes.map((node) => node.url);
    instances = stack.instances.map((instance) => instance.url);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('resident through A / node 1, visitor through B / node 2: media, warnings once, one end at endsAt, one ledger', async () => {
    // Long enough that both are live before the first warning even on a loaded machine.
    const visit = await stack.createVisit({
      endIn: 75_000,
      monitored: true,
      warnings: [25, 12],
      participantIds: ['james', 'maria'],
    });
    const kiosk = await openOn(browser, instances[0], 'james', `/kiosk/visits/${visit.id}`);
    const family = await openOn(browser, instances[1], 'maria', `/family/visits/${visit.id}`);
    for (const side of [kiosk, family]) {
      await joinFromWidget(side.page);
      await side.page.waitForFunction(() => document.querySelector('vk-visit')?.client?.state !== 'prejoin');
      await recordClientEvents(side.page);
    }
    await bothLive(kiosk, family);
    const bothLiveAt = Date.now();
    assert.ok(
      kiosk.sockets.every((url) => url.startsWith(nodes[0])) && kiosk.sockets.length > 0,
      `kiosk: ${kiosk.sockets.join(', ')}`,
    );
    assert.ok(
      family.sockets.every((url) => url.startsWith(nodes[1])) && family.sockets.length > 0,
      `family: ${family.sockets.join(', ')}`,
    );

    for (const [side, other] of /** @type {[typeof kiosk, string][]} */ ([
      [kiosk, 'maria'],
      [family, 'james'],
    ])) {
      await eventually(async () => {
        const remote = (await remoteMedia(side.page)).find((p) => p.identity === other);
        return remote?.video && remote?.audio;
      }, `${other}'s camera and microphone reach the other node`);
      await eventually(async () => (await decodedRemoteVideo(side.page)) > 0, 'remote video frames are decoded');
    }

    for (const side of [kiosk, family]) {
      await waitForState(side.page, 'ended', { timeoutMs: 90_000 });
      const info = await endInfo(side.page);
      assert.equal(info.reason, 'time-limit');
      assert.ok(info.endedAt >= Date.parse(visit.endsAt) - 1500, 'not ended before endsAt');
      // Both instances' enforcers send each warning; the widget shows each one once.
      assert.deepEqual(info.warnings, [25, 12], 'each warning exactly once');
      assert.equal(info.states.filter((s) => s === 'ended').length, 1, 'ended once');
      assert.match(await visibleText(side.page), /The scheduled time is over\./);
    }

    const ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      return l.end && l.participants.every((p) => p.intervals.every((i) => i.leftAt)) ? l : undefined;
    }, 'the ledger records the end and every departure');
    assert.equal(ledger.end.cause, 'time-limit');
    assert.deepEqual(ledger.participants.map((p) => p.role).sort(), ['resident', 'visitor']);
    const scripted = (Date.parse(visit.endsAt) - bothLiveAt) / 1000;
    assert.ok(
      Math.abs(ledger.billableSeconds - scripted) <= 2,
      `billed ${ledger.billableSeconds}s, scripted ≈ ${scripted.toFixed(1)}s`,
    );
    // The enforcer records the expiry after closing the room (a grace period later than the ledger's end).
    const expiries = await eventually(async () => {
      const found = (await stack.events(visit.id)).filter((e) => e.type === 'visit-expired');
      return found.length > 0 ? found : undefined;
    }, 'the expiry recorded');
    assert.equal(expiries.length, 1, 'one end recorded by two enforcers');
    // Webhooks from both nodes went through the balancer to both instances.
    for (const [backend, served] of stack.balancer.served) assert.ok(served > 0, `instance ${backend} served nothing`);
    for (const side of [kiosk, family]) await side.context.close();
  });

  test('monitor through B / node 2 opens a requireMonitor visit on node 1; terminate sent to B removes both', async () => {
    const visit = await stack.createVisit({
      endIn: 300_000,
      monitored: true,
      requireMonitor: true,
      participantIds: ['james', 'maria'],
    });
    const kiosk = await openOn(browser, instances[0], 'james', `/kiosk/visits/${visit.id}`);
    const family = await openOn(browser, instances[0], 'maria', `/family/visits/${visit.id}`);
    for (const side of [kiosk, family]) await joinFromWidget(side.page);
    for (const side of [kiosk, family]) {
      await waitForState(side.page, 'lobby');
      await eventually(
        () => side.page.evaluate(() => document.querySelector('vk-visit').client.lobbyReason === 'waiting-for-monitor'),
        'waiting for the monitor',
      );
    }
    const staff = await openOn(browser, instances[1], 'reyes', `/staff/visits/${visit.id}`);
    await staff.page.getByRole('button', { name: 'Start monitoring' }).click();
    await waitForState(staff.page, ['live', 'lobby'], { selector: 'vk-monitor' });
    assert.ok(
      staff.sockets.every((url) => url.startsWith(nodes[1])) && staff.sockets.length > 0,
      `staff: ${staff.sockets.join(', ')}`,
    );
    // The monitor's presence, seen by instance B's webhook or either enforcer, grants the parties each other's media.
    await bothLive(kiosk, family);
    await eventually(
      async () => (await remoteMedia(kiosk.page)).some((p) => p.identity === 'maria' && p.video),
      'media flows once the monitor is there',
    );

    await staff.page.getByRole('button', { name: 'End visit' }).click();
    const dialog = staff.page.getByRole('dialog');
    await dialog.getByLabel('Reason (shared with the participants)').fill('Cluster check');
    await dialog.getByRole('button', { name: 'End visit' }).click();
    for (const side of [kiosk, family]) {
      await waitForState(side.page, 'ended');
      const info = await side.page.evaluate(() => document.querySelector('vk-visit').client.endInfo.reason);
      assert.equal(info, 'terminated');
    }
    const token = await family.context.request.post(`${instances[1]}/api/visitkit/visits/${visit.id}/token`, {
      data: {},
      headers: { 'content-type': 'application/json' },
    });
    assert.equal((await token.json()).error?.code, 'visit-terminated', 'instance B refuses a new token too');
    for (const side of [kiosk, family, staff]) await side.context.close();
  });
});
