// Faults on a cluster (2 LiveKit nodes on one Redis, 2 portal instances on one PostgreSQL server, both behind load
// balancers as in production): a LiveKit node killed under a live visit, an adapter instance killed, Redis restarted.
// The participants are synthetic (@livekit/rtc-node: real WebRTC, generated audio and video), so each fault costs a
// process, not a browser; what the widget does on top of LiveKit's reconnection is covered by the browser tests.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { dispose } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { joinSynthetic } from '../scripts/lib/synthetic-participant.mjs';
import { startClusterStack } from './support/cluster.mjs';
import { portalSession, requestToken } from './support/portal-client.mjs';
import { eventually, WAIT_MS } from './support/portal.mjs';

/** A participant of `visitId` as `user`: a portal session, a token through the balancer, a synthetic client. */
async function join(url, user, visitId) {
  const cookie = await portalSession(url, user);
  const { token, status, body } = await requestToken(url, cookie, visitId);
  assert.ok(token, `token for ${user}: ${status} ${JSON.stringify(body)}`);
  const participant = await joinSynthetic({ url: token.server_url, token: token.participant_token, identity: user });
  people.add(participant);
  return Object.assign(participant, { cookie, roomName: token.room_name });
}

/** Both receive each other's camera and microphone (granted by the adapter once the visit's policy holds). */
const bothReceiving = (...parties) => Promise.all(parties.map((p) => p.receiving(2, AbortSignal.timeout(WAIT_MS))));

/** @type {Awaited<ReturnType<typeof startClusterStack>>} */
let stack;
/** Everyone joined by the current test: made to leave after it, whatever happened. */
const people = new Set();

describe('cluster faults', () => {
  let rooms;

  before(async () => {
    stack = await startClusterStack({ name: 'cluster-faults' });
    rooms = new RoomServiceClient(stack.cluster.httpUrl, stack.cluster.apiKey, stack.cluster.apiSecret);
  });

  afterEach(async () => {
    await Promise.all([...people].map((p) => p.leave().catch(() => {})));
    people.clear();
  });

  after(async () => {
    await stack?.stop();
    await dispose(); // rtc-node's native side keeps the process alive otherwise
  });

  test('kill -9 of the LiveKit node hosting a live visit: both back on the other node, the policy kept, the gap not billed', async () => {
    const visit = await stack.createVisit({ endIn: 600_000, participantIds: ['james', 'maria'] });
    const james = await join(stack.url, 'james', visit.id);
    const maria = await join(stack.url, 'maria', visit.id);
    await bothReceiving(james, maria);
    const bothAt = Date.now();
    const host = await stack.cluster.nodeHosting(james.roomName);
    assert.notEqual(host, undefined, 'LiveKit placed the room on a node');
    const killedAt = Date.now();
    await stack.cluster.nodes[host].kill();
    // LiveKit's clients reconnect by themselves (through the balancer, to the surviving node); nobody acts.
    const back = await Promise.all(
      [james, maria].map((p) => p.receiving(2, AbortSignal.timeout(WAIT_MS), killedAt).then(() => p.lastSubscribedAt)),
    );
    const backAt = Math.max(...back);
    console.log(
      `# node ${host + 1} killed: media back after ${backAt - killedAt} ms`,
      JSON.stringify([james, maria].map((p) => p.timeline)),
    );
    assert.notEqual(await stack.cluster.nodeHosting(james.roomName), host, 'the room now lives on another node');
    const [room] = await rooms.listRooms([james.roomName]);
    assert.equal(JSON.parse(room.metadata).visit.id, visit.id, 'the re-created room carries the visit policy');
    await Promise.all([james.leave(), maria.leave()]);

    const ledger = await settledLedger(visit.id, 2, { reconciled: true });
    const ms = (iso) => Date.parse(iso);
    const [a, b] = ledger.participants.map((p) => p.intervals);
    for (const intervals of [a, b]) {
      assert.equal(intervals.length, 2, 'one session before the node died, one after');
      assert.ok(ms(intervals[1].joinedAt) >= killedAt, 'the second session starts after the kill');
    }
    // The first sessions are closed at the last moment an enforcer saw them (the killed node sent no webhook):
    // for the pair, by the kill plus one enforcer interval — not when someone noticed later.
    const firstPairEnds = Math.min(ms(a[0].leftAt), ms(b[0].leftAt));
    assert.ok(
      firstPairEnds <= killedAt + 1000,
      `the pair's first sessions overlap until ${new Date(firstPairEnds).toISOString()}`,
    );
    // Billed: both connected before the kill, and after both were back — none of the outage beyond the one enforcer
    // interval in which the dead node's sessions can still look connected (as for the sessions' ends above).
    const overlap = (x, y) =>
      Math.max(0, Math.min(ms(x.leftAt), ms(y.leftAt)) - Math.max(ms(x.joinedAt), ms(y.joinedAt))) / 1000;
    const outsideGap = overlap(a[0], b[0]) + overlap(a[1], b[1]);
    assert.ok(
      ledger.billableSeconds <= outsideGap + 1,
      `billed ${ledger.billableSeconds}s, both connected outside the outage ${outsideGap}s; killed at ` +
        `${new Date(killedAt).toISOString()}; ${JSON.stringify(ledger.participants.map((p) => p.intervals))}; ` +
        `unbilled ${JSON.stringify(ledger.unbilled)}`,
    );
    assert.ok(bothAt < killedAt && backAt > killedAt);
  });

  test('kill -9 of one adapter instance: tokens and webhooks go on through the other, no event lost', async () => {
    const visit = await stack.createVisit({ endIn: 600_000, participantIds: ['james', 'maria'] });
    const [victim] = stack.instances;
    process.kill(victim.pid, 'SIGKILL');
    await victim.exited;
    const james = await join(stack.url, 'james', visit.id);
    const maria = await join(stack.url, 'maria', visit.id);
    await bothReceiving(james, maria);
    await Promise.all([james.leave(), maria.leave()]);
    const ledger = await settledLedger(visit.id, 2);
    for (const p of ledger.participants) {
      assert.deepEqual(
        p.intervals.map((i) => i.leaveReason),
        ['CLIENT_INITIATED'],
        `${p.identity}: LiveKit's own leave, delivered`,
      );
    }
    const types = (await stack.events(visit.id)).filter((e) => !e.reconciled).map((e) => e.type);
    for (const type of ['room-started', 'participant-joined', 'track-published', 'participant-left'])
      assert.ok(types.includes(type), `${type} in ${types}`);
  });

  test('Redis restarted mid-visit (append-only file): media goes on, new joins work, the visit still ends at endsAt with a right ledger', async () => {
    const { visit, james, maria, host } = await twoInVisitOnTwoNodes(40_000);
    // kill -9, then up again from its append-only file (the configuration docs/deploy.md requires).
    await stack.cluster.redis.restart();
    const restartedAt = Date.now();
    const luis = await eventually(() => join(stack.url, 'luis', visit.id), 'luis can join after the restart');
    console.log(`# Redis restarted: a new join got in after ${Date.now() - restartedAt} ms`);
    // In the same room as the others, not a second copy of it on the other node: he receives both of them.
    await luis.receiving(4, AbortSignal.timeout(WAIT_MS));
    assert.equal(await stack.cluster.nodeHosting(james.roomName), host, 'the room → node map survived the restart');
    const ended = await Promise.all(
      [james, maria, luis].map((p) => p.next('disconnected', AbortSignal.timeout(WAIT_MS + 40_000))),
    );
    assert.ok(Math.min(...ended) >= Date.parse(visit.endsAt) - 1500, 'ended at endsAt, not before');
    for (const p of [james, maria])
      assert.deepEqual(
        p.timeline.map((t) => t.event),
        ['connected', 'disconnected'],
        `${p.identity} never dropped`,
      );
    // The time-limit end closes the ledger, and nothing was reconciled away while Redis forgot the room.
    const ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      return l.end ? l : undefined;
    }, 'the end in the ledger');
    assert.equal(ledger.end.cause, 'time-limit');
    for (const p of ledger.participants) {
      assert.equal(p.intervals.length, 1, `${p.identity}: one unbroken session ${JSON.stringify(p.intervals)}`);
      assert.ok(
        !p.intervals[0].reconciled || Date.parse(p.intervals[0].leftAt) >= Math.min(...ended) - 1500,
        `${p.identity} not cut short`,
      );
    }
    const expected =
      (Date.parse(visit.endsAt) -
        Date.parse(ledger.participants.find((p) => p.identity === 'maria').intervals[0].joinedAt)) /
      1000;
    assert.ok(
      Math.abs(ledger.billableSeconds - expected) <= 2,
      `billed ${ledger.billableSeconds}s, expected ≈ ${expected.toFixed(1)}s`,
    );
  });

  test('Redis replaced by an empty one (data lost) and LiveKit routing the next join to the other node: a split room, and still nobody is stuck — everyone ends at endsAt', async () => {
    const { visit, james, maria, host } = await twoInVisitOnTwoNodes(45_000);
    await stack.cluster.redis.restart({ wipe: true });
    const restartedAt = Date.now();
    // LiveKit picks a node at random for a room it has no mapping for; the unlucky pick, made certain.
    await stack.cluster.routeRoomTo(james.roomName, 1 - host);
    const luis = await eventually(() => join(stack.url, 'luis', visit.id), 'luis can join after the restart');
    const joinedAfter = Date.now() - restartedAt;
    const together = await luis.receiving(4, AbortSignal.timeout(10_000)).then(
      () => true,
      () => false,
    );
    console.log(`# Redis wiped: luis got in after ${joinedAfter} ms, ${together ? 'together' : 'in a split room'}`);
    const ended = await Promise.all(
      [james, maria, luis].map((p) => p.next('disconnected', AbortSignal.timeout(WAIT_MS + 45_000))),
    );
    console.log(
      `# Redis wiped: disconnected ${ended.map((at) => at - Date.parse(visit.endsAt)).join(', ')} ms after endsAt`,
    );
    assert.ok(Math.min(...ended) >= Date.parse(visit.endsAt) - 1500, 'ended at endsAt, not before');
    assert.ok(
      Math.max(...ended) <= Date.parse(visit.endsAt) + 30_000,
      'every copy of the room closed soon after endsAt',
    );
    for (const p of [james, maria])
      assert.deepEqual(
        p.timeline.map((t) => t.event),
        ['connected', 'disconnected'],
        `${p.identity} never dropped`,
      );
  });
});

/**
 * James and Maria receiving each other in a visit that ends in `endIn` ms (Luis may join too), with both LiveKit
 * nodes up — a node an earlier test killed is restarted: a room can only land on the wrong node when there are two.
 * @param {number} endIn
 */
async function twoInVisitOnTwoNodes(endIn) {
  const revived = await stack.cluster.reviveNodes();
  if (revived.length > 0) console.log(`# node(s) ${revived.map((i) => i + 1).join(', ')} restarted for this test`);
  const visit = await stack.createVisit({ endIn, participantIds: ['james', 'maria', 'luis'] });
  const james = await join(stack.url, 'james', visit.id);
  const maria = await join(stack.url, 'maria', visit.id);
  await bothReceiving(james, maria);
  const host = /** @type {number} */ (await stack.cluster.nodeHosting(james.roomName));
  return { visit, james, maria, host };
}

/**
 * The visit's ledger once `people` participants are in it and each session's leave has arrived — LiveKit's own,
 * unless `reconciled` (a killed node sends none: the enforcer records it).
 */
async function settledLedger(visitId, people, { reconciled = false } = {}) {
  return eventually(
    async () => {
      const events = await stack.events(visitId);
      const ledger = await stack.ledger(visitId);
      const leftByLiveKit = new Set(
        events
          .filter((e) => e.type === 'participant-left' && (reconciled || !e.reconciled))
          .map((e) => e.participant.sid),
      );
      const joined = events.filter((e) => e.type === 'participant-joined').map((e) => e.participant.sid);
      return ledger.participants.length === people && joined.every((sid) => leftByLiveKit.has(sid))
        ? ledger
        : undefined;
    },
    'every session left in the ledger',
    undefined,
    async () =>
      (await stack.events(visitId)).map(
        (e) => `${e.type} ${e.participant?.identity ?? ''} ${e.participant?.sid ?? ''} ${e.at}`,
      ),
  );
}
