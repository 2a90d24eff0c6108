// Server-side enforcement against a real LiveKit v1.13.5 started with its default `room.auto_create: true`
// (what LiveKit Cloud always does): the start of a visit, monitors on unmonitored visits, rooms re-created
// without their policy, terminated visits, webhooks lost while the adapter was down, token-route growth.
// Participants are bare signal connections: LiveKit lists them (with their real permissions) but, as they never
// connect media, sends no `participant_joined` for them (it aborts them after ~30 s). So their joins are
// delivered here as LiveKit would, signed, built from what LiveKit lists; every other webhook is LiveKit's own,
// forwarded to the handler — or refused (503) and kept while the test says the adapter is down.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test, type TestContext } from 'node:test';
import { AccessToken, RoomServiceClient, type ParticipantInfo } from 'livekit-server-sdk';
import WebSocket from 'ws';
import { parseRoomMetadata, type VisitInput } from '@visitkit/core/protocol';
import { startLiveKit } from '../../../scripts/lib/livekit-server.mjs';
import { createEnforcer } from './enforcer.js';
import { createVisitHandler, type VisitHandler } from './handler.js';
import { buildLedger } from './ledger.js';
import { MemoryVisitStore } from './memory-visit-store.js';
import { toNodeListener } from './node.js';
import { roomNameFor } from './room-name.js';
import { signedWebhook } from './test-support/fixtures.js';
import type { VisitEvent } from './visit-events.js';
import { eventually, issueToken, minutes, type LiveKit } from './test-support/real-livekit.js';
import type { AuthorizedCaller } from './authorize.js';

interface Delivery {
  body: string;
  authorization: string;
}

describe('enforcement on LiveKit with auto_create (real LiveKit)', () => {
  let livekit: LiveKit;
  let server: Server;
  let rooms: RoomServiceClient;
  let handle: VisitHandler;
  const store = new MemoryVisitStore();
  const sockets: WebSocket[] = [];
  /** While false, the adapter is "down": LiveKit's deliveries get 503 and are kept here. */
  let adapterUp = true;
  const missed: Delivery[] = [];
  /** Simulated time added to the adapter's clock. */
  let skewMs = 0;

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req
        .setEncoding('utf8')
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () => resolve(text));
    });

  before(async () => {
    const recordMissed = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      missed.push({ body: await readBody(req), authorization: String(req.headers.authorization ?? '') });
      res.writeHead(503).end();
    };
    // node:http ignores a listener's promise: `void` says so (both answer every request themselves). The
    // adapter is looked up per request: tests replace `handle`.
    server = createServer((req, res) => void (adapterUp ? toNodeListener(handle)(req, res) : recordMissed(req, res)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    livekit = await startLiveKit({
      name: 'enforcement-auto-create',
      webhookUrls: [`http://127.0.0.1:${port}/api/visitkit/livekit/webhook`],
      autoCreate: true,
      departureTimeout: 2,
    });
    rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    handle = adapter();
  });

  after(async () => {
    for (const socket of sockets) socket.terminate();
    await livekit?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  const connection = () => ({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  const adapter = () =>
    createVisitHandler({
      livekit: connection(),
      store,
      terminateGraceMs: 0,
      now: () => Date.now() + skewMs,
      authorize: (request) => JSON.parse(request.headers.get('x-caller') ?? 'null') as AuthorizedCaller | null,
      log: () => {},
    });
  const enforcer = (options: { intervalMs?: number; now?: () => number } = {}) =>
    createEnforcer({ livekit: connection(), store, log: () => {}, ...options });

  const token = (visit: VisitInput, role: string, identity: string, via: VisitHandler = handle) =>
    issueToken(via, visit, role, identity);

  async function terminate(visit: VisitInput) {
    const response = await visitRoute(
      visit,
      'terminate',
      { identity: 'officer-1', role: 'monitor' },
      { reason: 'Contraband' },
    );
    assert.equal(response.status, 200, await response.clone().text());
  }

  /** Joins over a bare signal connection; LiveKit lists the participant until it closes. */
  async function join(participantToken: string): Promise<WebSocket> {
    const socket = new WebSocket(
      `${livekit.url}/rtc?access_token=${participantToken}&auto_subscribe=1&sdk=js&protocol=16`,
    );
    sockets.push(socket);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return socket;
  }

  const listed = async (room: string): Promise<ParticipantInfo[]> => {
    try {
      return await rooms.listParticipants(room);
    } catch {
      return [];
    }
  };
  const canSubscribe = async (room: string) =>
    Object.fromEntries((await listed(room)).map((p) => [p.identity, p.permission?.canSubscribe]));
  const videoGrant = (jwt: string): { canSubscribe?: boolean } =>
    (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { video: { canSubscribe?: boolean } })
      .video;
  /** The `participant_joined` LiveKit sends once a participant is connected, from LiveKit's own listing. */
  async function deliverJoined(room: string, identity: string): Promise<Response> {
    return handle(await joinedWebhook(room, identity));
  }
  async function joinedWebhook(room: string, identity: string): Promise<Request> {
    const [info] = await rooms.listRooms([room]);
    const participant = (await listed(room)).find((p) => p.identity === identity);
    assert.ok(info && participant, `${identity} is in ${room}`);
    const payload = {
      event: 'participant_joined',
      id: `EV_joined_${participant.sid}`,
      createdAt: String(Math.floor(Date.now() / 1000)),
      room: info.toJson(),
      participant: participant.toJson(),
    };
    return signedWebhook(payload, { apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  }
  const eventsOf = async (visitId: string, type: VisitEvent['type']) =>
    (await store.list(visitId)).filter((e) => e.type === type);
  /** Records the name of every call to LiveKit's API (Twirp over fetch) until `t.mock.restoreAll()`. */
  const recordLiveKitCalls = (t: TestContext): string[] => {
    const calls: string[] = [];
    const original = globalThis.fetch;
    t.mock.method(globalThis, 'fetch', (input: string | URL | Request, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      calls.push(url.slice(url.lastIndexOf('/') + 1));
      return original(input, init);
    });
    return calls;
  };
  /** A POST to one of the visit's routes from `caller` (the test `authorize` reads `x-caller`). */
  const visitRoute = (
    visit: VisitInput,
    route: string,
    caller: { identity: string; role: string; actions?: string[] },
    body: unknown = {},
  ) =>
    handle(
      new Request(`http://portal.test/api/visitkit/visits/${visit.id}/${route}`, {
        method: 'POST',
        headers: {
          'x-caller': JSON.stringify({ name: caller.identity, ...caller, visit }),
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }),
    );

  test('issue 18: lobby tokens carry no canSubscribe; the parties get it at startsAt (enforcer timer), a late joiner from its webhook', async (t) => {
    const startsAt = Date.now() + 4000;
    const visit: VisitInput = {
      id: 'en-start',
      kind: 'social',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: minutes(20),
    };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const resident = await token(visit, 'resident', 'res-1');
    const visitor = await token(visit, 'visitor', 'fam-1');
    const late = await token(visit, 'visitor', 'fam-2');
    for (const issued of [resident, visitor, late])
      assert.equal(videoGrant(issued.participant_token).canSubscribe, false, 'before startsAt');
    await join(resident.participant_token);
    await join(visitor.participant_token);
    await eventually(async () => ((await listed(room)).length === 2 ? true : undefined), 'both listed');
    assert.deepEqual(await canSubscribe(room), { 'res-1': false, 'fam-1': false }, 'in the room, still apart');

    const running = enforcer({ intervalMs: 5000 });
    running.start();
    try {
      await running.tick(); // the tick before the start schedules the exact-time grant
      await eventually(
        async () => ((await canSubscribe(room))['res-1'] === true ? true : undefined),
        'granted at the start',
      );
      t.diagnostic(`granted ${Date.now() - startsAt} ms after startsAt`);
      assert.ok(Date.now() >= startsAt, 'not before startsAt');
      assert.deepEqual(await canSubscribe(room), { 'res-1': true, 'fam-1': true });
    } finally {
      await running.stop();
    }
    // A token from the lobby used after the start: the participant_joined webhook grants it, no enforcer needed.
    await join(late.participant_token);
    await eventually(
      async () => ((await canSubscribe(room))['fam-2'] === false ? true : undefined),
      'late joiner listed, per its token',
    );
    assert.equal((await deliverJoined(room, 'fam-2')).status, 200);
    assert.equal((await canSubscribe(room))['fam-2'], true, 'granted by its participant_joined webhook');
  });

  test('issue 14: a party joining a started visit is granted from its webhook alone: one LiveKit call, no listing, and the join recorded', async (t) => {
    const visit: VisitInput = { id: 'en-fast-grant', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    await join((await token(visit, 'visitor', 'fam-1')).participant_token);
    await eventually(
      async () => ((await canSubscribe(room))['fam-1'] === false ? true : undefined),
      'listed, per its token',
    );
    const request = await joinedWebhook(room, 'fam-1');
    // The adapter's calls to LiveKit's API (Twirp over fetch) while it handles the webhook.
    const calls = recordLiveKitCalls(t);
    assert.equal((await handle(request)).status, 200);
    t.mock.restoreAll();
    assert.deepEqual(calls, ['UpdateParticipant']);
    assert.equal((await canSubscribe(room))['fam-1'], true, 'granted');
    assert.equal((await eventsOf(visit.id, 'participant-joined')).length, 1, 'the join is in the ledger');
  });

  test('issue 14: the joined route grants a party LiveKit lists as the webhook would, at once; nobody else, nothing more', async (t) => {
    const visit: VisitInput = { id: 'en-joined', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const joined = (role: string, identity: string, options: { body?: unknown; actions?: string[] } = {}) =>
      visitRoute(
        visit,
        'joined',
        { identity, role, ...(options.actions ? { actions: options.actions } : {}) },
        options.body,
      );
    const answer = async (response: Response) => ({
      status: response.status,
      body: await response.json(),
    });
    const code = (error: string) => ({ error: { code: error } });
    const errorCode = async (response: Response) => ({
      status: response.status,
      body: { error: { code: ((await response.json()) as { error: { code: string } }).error.code } },
    });

    await token(visit, 'visitor', 'fam-1'); // the room exists, nobody in it
    assert.deepEqual(await errorCode(await joined('visitor', 'fam-1')), { status: 404, body: code('not-found') });
    const family = await token(visit, 'visitor', 'fam-1');
    await join(family.participant_token);
    await eventually(
      async () => ((await canSubscribe(room))['fam-1'] === false ? true : undefined),
      'listed, per its token',
    );

    // No webhook comes for a bare signal connection: only the route can grant here. One listing of each, one grant.
    const calls = recordLiveKitCalls(t);
    assert.deepEqual(await answer(await joined('visitor', 'fam-1')), { status: 200, body: { can_subscribe: true } });
    t.mock.restoreAll();
    assert.deepEqual(calls.sort(), ['GetParticipant', 'ListRooms', 'UpdateParticipant']);
    assert.equal((await canSubscribe(room))['fam-1'], true, 'granted');
    const permission = (await listed(room)).find((p) => p.identity === 'fam-1')?.permission;
    assert.equal(permission?.canPublish, true, "the rest of the role's permission is kept");
    assert.equal(permission?.canUpdateMetadata, false);
    // Said again (a reconnect): nothing to change, no second grant.
    assert.deepEqual(await answer(await joined('visitor', 'fam-1')), { status: 200, body: { can_subscribe: true } });

    // Whoever may join may say it; nobody else, nothing else, and never for someone LiveKit does not list.
    assert.equal((await joined('visitor', 'fam-1', { actions: ['token'] })).status, 200);
    assert.deepEqual(await errorCode(await joined('visitor', 'fam-1', { actions: ['ledger'] })), {
      status: 403,
      body: code('forbidden'),
    });
    assert.deepEqual(await errorCode(await joined('monitor', 'officer-1')), { status: 403, body: code('forbidden') });
    assert.deepEqual(await errorCode(await joined('visitor', 'fam-2')), { status: 404, body: code('not-found') });
    for (const body of [{ identity: 'fam-2' }, 'hello', []]) {
      assert.deepEqual(await errorCode(await joined('visitor', 'fam-1', { body })), {
        status: 400,
        body: code('bad-request'),
      });
    }

    // Before startsAt (a lobby token used early): listed, not granted.
    const early: VisitInput = { id: 'en-joined-early', kind: 'social', startsAt: minutes(10), endsAt: minutes(30) };
    const earlyRoom = await roomNameFor(early.id, livekit.apiSecret);
    await join((await token(early, 'visitor', 'fam-3')).participant_token);
    await eventually(async () => ((await canSubscribe(earlyRoom))['fam-3'] === false ? true : undefined), 'listed');
    const before = await visitRoute(early, 'joined', { identity: 'fam-3', role: 'visitor' });
    assert.deepEqual(await answer(before), { status: 200, body: { can_subscribe: false } });
    assert.equal((await canSubscribe(earlyRoom))['fam-3'], false, "the lobby is the server's");

    // Terminated: the room is gone. Its still-valid token re-creates it (auto_create) without its policy; the route
    // refuses (as the join webhook would), deletes the room and grants nothing.
    await terminate(visit);
    assert.deepEqual(await errorCode(await joined('visitor', 'fam-1')), { status: 404, body: code('not-found') });
    await join(family.participant_token);
    await eventually(async () => ((await canSubscribe(room))['fam-1'] === false ? true : undefined), 'back in');
    assert.deepEqual(await errorCode(await joined('visitor', 'fam-1')), {
      status: 409,
      body: code('visit-terminated'),
    });
    assert.deepEqual(await canSubscribe(room), {}, 'the room was deleted, nobody granted');
    assert.equal((await eventsOf(visit.id, 'rejoin-refused')).length, 1, 'the refusal is recorded');
  });

  test('issue 14: on a requireMonitor visit the joined route grants only while a monitor is listed', async () => {
    const visit: VisitInput = {
      id: 'en-joined-monitor',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      monitored: true,
      requireMonitor: true,
    };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const joined = async () => {
      const response = await visitRoute(visit, 'joined', { identity: 'fam-1', role: 'visitor' });
      assert.equal(response.status, 200);
      return ((await response.json()) as { can_subscribe: boolean }).can_subscribe;
    };
    await join((await token(visit, 'visitor', 'fam-1')).participant_token);
    await eventually(async () => ((await canSubscribe(room))['fam-1'] === false ? true : undefined), 'listed');
    assert.equal(await joined(), false, 'no monitor yet');
    assert.equal((await canSubscribe(room))['fam-1'], false);
    await join((await token(visit, 'monitor', 'officer-1')).participant_token);
    await eventually(
      async () => ((await canSubscribe(room))['officer-1'] === true ? true : undefined),
      'monitor listed',
    );
    assert.equal(await joined(), true, 'a monitor is listed');
    assert.equal((await canSubscribe(room))['fam-1'], true);
    assert.equal(
      parseRoomMetadata((await rooms.listRooms([room]))[0]?.metadata)?.monitorPresent,
      true,
      'and the room says so',
    );
  });

  test('issue 18: no monitor on a visit that is not monitored: tokens refused, and one minted elsewhere is removed', async () => {
    const visit: VisitInput = { id: 'en-unmonitored', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    await join((await token(visit, 'resident', 'res-1')).participant_token);
    const refused = await visitRoute(visit, 'token', { identity: 'officer-1', role: 'monitor' });
    assert.equal(refused.status, 403);
    const rogue = new AccessToken(livekit.apiKey, livekit.apiSecret, {
      identity: 'officer-9',
      attributes: { 'visitkit.role': 'monitor', 'visitkit.visit': visit.id },
    });
    rogue.addGrant({ room, roomJoin: true, canPublish: false, canSubscribe: true, hidden: true });
    await join(await rogue.toJwt());
    await eventually(async () => ((await listed(room)).length === 2 ? true : undefined), 'the hidden monitor listed');
    const report = await enforcer().tick();
    assert.deepEqual(
      report.removed.filter((r) => r.visitId === visit.id),
      [{ visitId: visit.id, identity: 'officer-9' }],
    );
    await eventually(
      async () => ((await listed(room)).map((p) => p.identity).join() === 'res-1' ? true : undefined),
      'monitor gone',
    );
    const removed = await eventsOf(visit.id, 'participant-removed');
    assert.ok(removed.some((e) => e.type === 'participant-removed' && e.reason === 'monitor-in-unmonitored-visit'));
  });

  test('issue 9.1: the enforcer never leaves a vk_ room unpoliced: restores the recorded policy, closes a terminated or unknown visit', async () => {
    const restorable: VisitInput = {
      id: 'en-restore',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      maxVisitors: 1,
    };
    const ended: VisitInput = { id: 'en-terminated', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const restoreRoom = await roomNameFor(restorable.id, livekit.apiSecret);
    const endedRoom = await roomNameFor(ended.id, livekit.apiSecret);
    const strangerRoom = await roomNameFor('en-unknown', livekit.apiSecret);
    const kept = await token(restorable, 'resident', 'res-1');
    const keptEnded = await token(ended, 'resident', 'res-1');
    await eventually(
      async () => ((await eventsOf(restorable.id, 'room-started')).length > 0 ? true : undefined),
      'room_started recorded',
    );
    await terminate(ended);
    await rooms.deleteRoom(restoreRoom); // as if LiveKit closed it (empty timeout, node restart …)

    adapterUp = false; // only the enforcer acts in this test
    try {
      const stranger = new AccessToken(livekit.apiKey, livekit.apiSecret, {
        identity: 'x-1',
        attributes: { 'visitkit.role': 'resident', 'visitkit.visit': 'en-unknown' },
      });
      stranger.addGrant({ room: strangerRoom, roomJoin: true, canSubscribe: true, canPublish: true });
      for (const jwt of [kept.participant_token, keptEnded.participant_token, await stranger.toJwt()]) await join(jwt);
      for (const room of [restoreRoom, endedRoom, strangerRoom]) {
        await eventually(async () => ((await listed(room)).length === 1 ? true : undefined), `auto-created ${room}`);
        const [info] = await rooms.listRooms([room]);
        assert.equal(parseRoomMetadata(info?.metadata), undefined, 'LiveKit re-created it without the policy');
      }
      const report = await enforcer().tick();
      const outcome = (room: string) => report.guarded.find((g) => g.room === room)?.outcome;
      assert.deepEqual(
        [outcome(restoreRoom), outcome(endedRoom), outcome(strangerRoom)],
        ['restored', 'refused', 'closed'],
      );
      const [restored] = await rooms.listRooms([restoreRoom]);
      assert.equal(parseRoomMetadata(restored?.metadata)?.visit.maxVisitors, 1, 'the recorded policy is back');
      assert.equal((await rooms.listRooms([endedRoom, strangerRoom])).length, 0, 'the others are closed');
      const refusal = await eventsOf(ended.id, 'rejoin-refused');
      assert.deepEqual(
        refusal.map((e) => e.type === 'rejoin-refused' && [e.participant.identity, e.reason]),
        [['res-1', 'visit-terminated']],
      );
      // The next tick polices the restored room like any other; the closed ones stay closed.
      const next = await enforcer().tick();
      assert.equal(next.guarded.length, 0, JSON.stringify(next.guarded));
    } finally {
      adapterUp = true;
      missed.length = 0;
    }
  });

  test('issue 9.1: the webhook alone refuses a rejoin to a terminated visit (room deleted, event recorded)', async () => {
    const visit: VisitInput = { id: 'en-webhook-refuse', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const kept = await token(visit, 'visitor', 'fam-1');
    await terminate(visit);
    await join(kept.participant_token);
    await eventually(
      async () => ((await listed(room)).length === 1 ? true : undefined),
      'LiveKit re-created the room for the old token',
    );
    assert.equal((await deliverJoined(room, 'fam-1')).status, 200);
    const refused = await eventually(
      async () => (await eventsOf(visit.id, 'rejoin-refused'))[0],
      'rejoin-refused recorded',
    );
    assert.ok(
      refused.type === 'rejoin-refused' &&
        refused.participant.identity === 'fam-1' &&
        refused.reason === 'visit-terminated',
    );
    await eventually(async () => ((await rooms.listRooms([room])).length === 0 ? true : undefined), 'room deleted');
  });

  test('issue 9.4: adapter down for 6 minutes while a party leaves: the enforcer reconciles, the late delivery is accepted', async () => {
    const visit: VisitInput = { id: 'en-outage', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    await join((await token(visit, 'resident', 'res-1')).participant_token);
    const visitorSocket = await join((await token(visit, 'visitor', 'fam-1')).participant_token);
    await eventually(async () => ((await listed(room)).length === 2 ? true : undefined), 'both listed');
    for (const identity of ['res-1', 'fam-1']) assert.equal((await deliverJoined(room, identity)).status, 200);
    assert.equal((await eventsOf(visit.id, 'participant-joined')).length, 2, 'both joins recorded');
    const visitorSid = (await listed(room)).find((p) => p.identity === 'fam-1')?.sid;

    adapterUp = false;
    try {
      visitorSocket.close();
      await eventually(
        async () => ((await listed(room)).length === 1 ? true : undefined),
        'LiveKit lists only the resident',
      );
      // LiveKit's own delivery of the leave (participant_left, or _connection_aborted for a bare connection).
      const lost = await eventually(
        () => missed.find((d) => d.body.includes('"participant_') && d.body.includes(String(visitorSid))),
        'the leave webhook (refused while down)',
      );
      assert.equal((await eventsOf(visit.id, 'participant-left')).length, 0, 'the store missed the leave');

      // Two enforcers notice at once (6 minutes later on their clock): one correction, marked reconciled.
      const later = () => Date.now() + 6 * 60_000;
      const reports = await Promise.all([enforcer({ now: later }).tick(), enforcer({ now: later }).tick()]);
      assert.ok(reports.some((r) => r.reconciled.length > 0));
      const left = await eventsOf(visit.id, 'participant-left');
      assert.equal(left.length, 1);
      assert.ok(left[0]?.type === 'participant-left');
      assert.equal(left[0].id, `reconciled_left_${visitorSid}`);
      assert.ok(left[0].reconciled?.noticedAt, 'marked reconciled, with when it was noticed');
      const ledger = buildLedger(visit.id, await store.list(visit.id));
      const intervals = (identity: string) => ledger.participants.find((p) => p.identity === identity)?.intervals ?? [];
      assert.equal(intervals('fam-1').length, 1);
      assert.notEqual(intervals('fam-1')[0]?.leftAt, null, "the visitor's interval is closed");
      assert.equal(intervals('fam-1')[0]?.reconciled, true, 'the ledger shows the end is a correction');
      assert.equal(intervals('res-1')[0]?.leftAt, null, 'the resident is still there');

      // The adapter is back 6 minutes later: LiveKit's late delivery (same signature) is accepted and recorded.
      adapterUp = true;
      skewMs = 6 * 60_000;
      const response = await handle(
        new Request('http://portal.test/api/visitkit/livekit/webhook', {
          method: 'POST',
          headers: { 'content-type': 'application/webhook+json', authorization: lost.authorization },
          body: lost.body,
        }),
      );
      assert.equal(response.status, 200, await response.clone().text());
      const delivered = (await eventsOf(visit.id, 'participant-left')).filter((e) => e.id.startsWith('lk_'));
      assert.equal(delivered.length, 1, 'the true leave is recorded beside the correction');
      // …and the ledger now uses LiveKit's own time of the leave, not when the enforcer noticed it.
      const corrected = buildLedger(visit.id, await store.list(visit.id)).participants.find(
        (p) => p.identity === 'fam-1',
      )?.intervals[0];
      assert.equal(corrected?.leftAt, delivered[0]?.at);
      assert.equal(corrected?.reconciled, undefined);
      // The correction never claimed more than was proven: it ended the session at its last proof of presence
      // (this enforcer never saw it listed), no later than LiveKit's true leave, and far before it was noticed.
      assert.ok(Date.parse(left[0].at) <= Date.parse(corrected?.leftAt ?? ''), 'the correction was a lower bound');
      assert.ok(
        Date.parse(left[0].at) < Date.parse(left[0].reconciled?.noticedAt ?? ''),
        'stamped before it was noticed (the outage not billed)',
      );
    } finally {
      adapterUp = true;
      skewMs = 0;
      missed.length = 0;
    }
  });

  test('issue 9.5: repeated token requests by one person append one token-issued event per window, across instances', async () => {
    const visit: VisitInput = { id: 'en-token-audit', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const other = adapter();
    for (let i = 0; i < 5; i += 1) {
      await token(visit, 'visitor', 'fam-1');
      await token(visit, 'visitor', 'fam-1', other);
    }
    await token(visit, 'resident', 'res-1');
    const issued = await eventsOf(visit.id, 'token-issued');
    assert.deepEqual(issued.map((e) => e.type === 'token-issued' && e.participant.identity).sort(), ['fam-1', 'res-1']);
    skewMs = 10 * 60_000; // the next window
    try {
      await token(visit, 'visitor', 'fam-1');
    } finally {
      skewMs = 0;
    }
    assert.equal((await eventsOf(visit.id, 'token-issued')).length, 3);
  });
});
