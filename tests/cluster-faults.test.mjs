// Faults on a cluster (2 LiveKit nodes on one Redis, 2 portal instances on one PostgreSQL server, both behind load
// balancers as in production): a LiveKit node killed under a live visit, an adapter instance killed, Redis restarted.
// The participants are synthetic (@livekit/rtc-node: real WebRTC, generated audio and video), so each fault costs a
// process, not a browser; what the widget does on top of LiveKit's reconnection is covered by the browser tests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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
  return Object.assign(participant, { cookie, roomName: token.room_name });
}

/** Both receive each other's camera and microphone (granted by the adapter once the visit's policy holds). */
const bothReceiving = (...people) => Promise.all(people.map((p) => p.receiving(2, AbortSignal.timeout(WAIT_MS))));

describe('cluster faults', () => {
  let stack;
  let rooms;

  before(async () => {
    stack = await startClusterStack({ name: 'cluster-faults' });
    rooms = new RoomServiceClient(stack.cluster.httpUrl, stack.cluster.apiKey, stack.cluster.apiSecret);
  });

  after(async () => {
    await stack?.stop();
    await dispose(); // rtc-node's native side keeps the process alive otherwise
  });

  test('kill -9 of the LiveKit node hosting a live visit', async () => {
    const visit = await stack.createVisit({ endIn: 600_000, participantIds: ['james', 'maria'] });
    const james = await join(stack.url, 'james', visit.id);
    const maria = await join(stack.url, 'maria', visit.id);
    await bothReceiving(james, maria);
    const host = await stack.cluster.nodeHosting(james.roomName);
    assert.notEqual(host, undefined, 'LiveKit placed the room on a node');
    const killedAt = Date.now();
    await stack.cluster.nodes[host].kill();
    const outcomes = await Promise.all(
      [james, maria].map(async (p) => {
        const first = await Promise.race([p.next('reconnected'), p.next('disconnected').then((at) => -at)]);
        return { identity: p.identity, event: first > 0 ? 'reconnected' : 'disconnected', afterMs: Math.abs(first) - killedAt, timeline: p.timeline };
      }),
    );
    console.log('# kill -9 node', JSON.stringify(outcomes));
    await Promise.all([james, maria].map((p) => p.receiving(2, AbortSignal.timeout(WAIT_MS), killedAt)));
    console.log('# media back after', Math.max(james.lastSubscribedAt, maria.lastSubscribedAt) - killedAt, 'ms; now on node', await stack.cluster.nodeHosting(james.roomName));
    const [room] = await rooms.listRooms([james.roomName]);
    console.log('# room metadata', room?.metadata?.slice(0, 80));
    await new Promise((r) => setTimeout(r, 5000));
    await Promise.all([james.leave(), maria.leave()]);
    const ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      return l.participants.every((p) => p.intervals.every((i) => i.leftAt)) ? l : undefined;
    }, 'every departure in the ledger');
    console.log('# ledger', JSON.stringify({ killedAt: new Date(killedAt).toISOString(), participants: ledger.participants, billable: ledger.billableSeconds, unbilled: ledger.unbilled }));
  });
});
