// Faults on a cluster, seen from the browser widget (real Chromium, livekit-client + VisitClient), not from
// synthetic participants: kill -9 of the LiveKit node hosting a live visit, and one browser's network cut for 5 s
// and for good. Both portal instances hand out the nodes' load balancer, as in production, so a widget that
// reconnects lands on a surviving node; browsers reach LiveKit through a shaped link (loopback profile), each
// browser's connections in their own group, so the family member's network can be cut alone.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import { launchChromium } from './support/browser.mjs';
import { startClusterStack } from './support/cluster.mjs';
import {
  EN,
  eventually,
  expectLostSideEnded,
  joinFromWidget,
  leaveFromWidget,
  openAs,
  recordClientEvents,
  remoteMedia,
  waitForState,
} from './support/portal.mjs';

/** The bound for a widget to be back in the visit (or ended with a reason) after its node died. */
const BACK_WITHIN_MS = 20_000;

/** What a widget's client says about itself (for assertion messages). */
const where = (page) =>
  page.evaluate(() => {
    const c = document.querySelector('vk-visit')?.client;
    return { state: c?.state, end: c?.endInfo?.reason, error: c?.lastError?.code, states: window.__vk?.states };
  });

describe('cluster faults seen by the widget', () => {
  /** @type {Awaited<ReturnType<typeof startClusterStack>>} */
  let stack;
  let browser;
  let rooms;
  /** @type {Awaited<ReturnType<typeof openAs>>[]} */
  let sides = [];

  before(async () => {
    stack = await startClusterStack({ name: 'cluster-widget', shapedLink: true });
    rooms = new RoomServiceClient(stack.cluster.httpUrl, stack.cluster.apiKey, stack.cluster.apiSecret);
    browser = await launchChromium();
  });

  afterEach(async () => {
    await Promise.all(sides.map((side) => side.context.close()));
    sides = [];
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /**
   * Resident (kiosk) and family member live in a new visit, each widget's states recorded. The kiosk's connections
   * to LiveKit are the link's group `kiosk` (it is connected, in the lobby, before the family member joins); the
   * family member's, and whatever connects after, are group `family`.
   */
  async function liveVisit() {
    const link = /** @type {NonNullable<typeof stack.link>} */ (stack.link);
    const visit = await stack.createVisit({ endIn: 600_000, participantIds: ['james', 'maria'] });
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    sides = [kiosk, family];
    for (const [side, group] of /** @type {[typeof kiosk, string][]} */ ([
      [kiosk, 'kiosk'],
      [family, 'family'],
    ])) {
      link.startGroup(group);
      await joinFromWidget(side.page);
      await side.page.waitForFunction(() => document.querySelector('vk-visit')?.client?.state !== 'prejoin');
      await recordClientEvents(side.page);
      await waitForState(side.page, ['lobby', 'live']);
    }
    for (const side of sides) await waitForState(side.page, 'live');
    await mediaBothWays(kiosk, family);
    return { visit, kiosk, family, link };
  }

  /** Each side receives the other's camera and microphone. */
  async function mediaBothWays(kiosk, family) {
    for (const [side, other] of [
      [kiosk, 'maria'],
      [family, 'james'],
    ]) {
      await eventually(async () => {
        const remote = (await remoteMedia(side.page)).find((p) => p.identity === other);
        return remote?.video && remote?.audio;
      }, `${other}'s camera and microphone reach the other side`);
    }
  }

  test('kill -9 of the node hosting the visit: both widgets are back in the visit on the other node, the policy kept, the gap not billed', async () => {
    const { visit, kiosk, family } = await liveVisit();
    const roomName = (await rooms.listRooms()).find((r) => r.metadata.includes(visit.id))?.name;
    assert.ok(roomName, 'the visit has a room');
    const host = await stack.cluster.nodeHosting(roomName);
    assert.notEqual(host, undefined, 'LiveKit placed the room on a node');
    for (const side of [kiosk, family]) await side.page.evaluate(() => (window.__vk.states = []));
    const killedAt = Date.now();
    await stack.cluster.nodes[host].kill();

    // Nobody acts: each widget notices (at once or on its ping timeout), reconnects through the balancer and is live
    // again, or ends with a reason it shows. Either within the bound.
    const backAfter = [];
    for (const side of [kiosk, family]) {
      try {
        await side.page.waitForFunction(
          () => {
            const states = window.__vk.states;
            const state = document.querySelector('vk-visit').client.state;
            return state === 'ended' || (state === 'live' && states.length > 0);
          },
          undefined,
          { timeout: Math.max(1, killedAt + BACK_WITHIN_MS - Date.now()) },
        );
      } catch (error) {
        assert.fail(`${error.message}\n${JSON.stringify(await where(side.page))}\n${side.logs.join('\n')}`);
      }
      backAfter.push(Date.now() - killedAt);
    }
    const outcome = await Promise.all([kiosk, family].map((side) => where(side.page)));
    console.log(
      `# node ${host + 1} killed: kiosk, family settled after ${backAfter.join(', ')} ms`,
      JSON.stringify(outcome),
    );
    for (const o of outcome)
      assert.equal(o.state, 'live', `back in the visit without user action: ${JSON.stringify(o)}`);
    await mediaBothWays(kiosk, family);
    assert.notEqual(await stack.cluster.nodeHosting(roomName), host, 'the room now lives on another node');
    const [room] = await rooms.listRooms([roomName]);
    assert.equal(JSON.parse(room.metadata).visit.id, visit.id, 'the re-created room carries the visit policy');
    const backAt = Date.now();

    for (const side of [kiosk, family]) await leaveFromWidget(side.page);
    const ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      const closed = l.participants.length === 2 && l.participants.every((p) => p.intervals.every((i) => i.leftAt));
      return closed ? l : undefined;
    }, 'every session closed in the ledger');
    const ms = (iso) => Date.parse(iso);
    const [a, b] = ledger.participants.map((p) => p.intervals);
    for (const intervals of [a, b]) assert.ok(ms(intervals.at(-1).joinedAt) >= killedAt, 'a session after the kill');
    // Billed: the pair's overlap in each session pair, none of the outage beyond the one enforcer interval in which
    // the dead node's sessions can still look connected.
    const overlap = (x, y) =>
      Math.max(0, Math.min(ms(x.leftAt), ms(y.leftAt)) - Math.max(ms(x.joinedAt), ms(y.joinedAt))) / 1000;
    let together = 0;
    for (const x of a) for (const y of b) together += overlap(x, y);
    const firstPairEnds = Math.min(ms(a[0].leftAt), ms(b[0].leftAt));
    assert.ok(firstPairEnds <= killedAt + 1000, `the first sessions end by the kill: ${JSON.stringify(ledger)}`);
    assert.ok(
      ledger.billableSeconds <= together + 1,
      `billed ${ledger.billableSeconds}s, both connected outside the outage ${together}s`,
    );
    assert.ok(backAt > killedAt);
  });

  test("the family member's network cut for 5 s: the visit goes on, her widget live again with media both ways", async () => {
    const { kiosk, family, link } = await liveVisit();
    for (const side of [kiosk, family]) await side.page.evaluate(() => (window.__vk.states = []));
    const carried = link.stats('family').down.bytes;
    await link.outage(5000, 'family');
    // Media reaches her through the link again, and both widgets are live (whether or not hers showed reconnecting).
    await eventually(
      () => link.stats('family').down.bytes > carried + 100_000,
      'media flows to the family member again',
    );
    await waitForState(family.page, 'live');
    await mediaBothWays(kiosk, family);
    const [kioskStates, familyStates] = await Promise.all([kiosk, family].map((side) => where(side.page)));
    console.log('# 5 s cut: states since', JSON.stringify({ kiosk: kioskStates.states, family: familyStates.states }));
    for (const o of [kioskStates, familyStates]) {
      assert.equal(o.state, 'live');
      assert.ok(
        o.states.every((s) => s === 'reconnecting' || s === 'live'),
        `nothing but reconnecting and live: ${o.states}`,
      );
    }
    assert.deepEqual(kioskStates.states, [], "the resident's side is not cut: it never left live");
  });

  test("the family member's network cut for good: her widget ends with network; once the resident leaves, the ledger's end cause is system", async () => {
    const { visit, kiosk, family, link } = await liveVisit();
    const cutAt = Date.now();
    link.setOutage(true, 'family');
    try {
      const { lostEndedAt } = await expectLostSideEnded(stack, visit, { lost: family, other: kiosk }).catch(
        async (error) => {
          assert.fail(`${error.message}\n${JSON.stringify(await where(family.page))}\n${family.logs.join('\n')}`);
        },
      );
      console.log(`# family cut off: her widget ended ${lostEndedAt - cutAt} ms after the cut`);
    } finally {
      link.setOutage(false, 'family');
    }
  });

  test('Redis restarted (append-only file, as deploy.md requires): a widget joining right after gets in, in the same room, without user action', async () => {
    const link = /** @type {NonNullable<typeof stack.link>} */ (stack.link);
    // Both nodes up (the node-kill test before left one dead): with one, every join lands on the room's node.
    await stack.cluster.reviveNodes();
    const visit = await stack.createVisit({ endIn: 600_000, participantIds: ['james', 'maria'] });
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    sides = [kiosk, family];
    link.startGroup('kiosk');
    await joinFromWidget(kiosk.page);
    await waitForState(kiosk.page, 'lobby');
    const roomName = (await rooms.listRooms()).find((r) => r.metadata.includes(visit.id))?.name;
    assert.ok(roomName, 'the visit has a room');
    const host = await stack.cluster.nodeHosting(roomName);
    // She is at the Join button when Redis restarts (kill -9, then up again from its append-only file); she clicks
    // it once, right after.
    link.startGroup('family');
    await family.page.getByRole('button', { name: EN.start }).click();
    await family.page.getByRole('checkbox', { name: EN.agree }).check();
    await stack.cluster.redis.restart();
    const restartedAt = Date.now();
    await family.page.getByRole('button', { name: EN.join }).click();
    await recordClientEvents(family.page);
    try {
      await waitForState(family.page, 'live');
      await waitForState(kiosk.page, 'live');
    } catch (error) {
      assert.fail(`${error.message}\n${JSON.stringify(await where(family.page))}\n${family.logs.join('\n')}`);
    }
    const joinedAfter = Date.now() - restartedAt;
    // Together in one room: each receives the other's camera and microphone, and the room is still on its node.
    await mediaBothWays(kiosk, family);
    assert.equal(await stack.cluster.nodeHosting(roomName), host, 'the room → node map survived the restart');
    const refused = family.logs.some((line) => line.includes('LiveKit does not know the room yet'));
    console.log(
      `# Redis restarted: both live ${joinedAfter} ms later (${refused ? 'after LiveKit refused her join' : 'no refusal'})`,
    );
    assert.ok(!(await where(family.page)).states.includes('failed'), 'she never had to retry herself');
  });
});
