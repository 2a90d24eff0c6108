// `monitorPresent` in the room metadata against the real LiveKit server: monitor webhooks (signed here, so
// the test decides when and in which order they arrive) make the adapter recount the monitors LiveKit lists.
// The monitor is a real participant: a bare signal connection, which LiveKit lists as joined.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import WebSocket from 'ws';
import { parseRoomMetadata, type VisitInput } from '@visitkit/core/protocol';
import { startLiveKit } from '../../../scripts/lib/livekit-server.mjs';
import { createEnforcer } from './enforcer.js';
import { createVisitHandler, type VisitHandler } from './handler.js';
import { roomNameFor } from './room-name.js';
import { signedWebhook } from './test-support/fixtures.js';
import { eventually, issueToken, minutes, type LiveKit } from './test-support/real-livekit.js';
import type { AuthorizedCaller } from './authorize.js';

describe('monitorPresent in the room metadata (real LiveKit)', () => {
  let livekit: LiveKit;
  let rooms: RoomServiceClient;
  const sockets: WebSocket[] = [];
  let metadataWrites = 0;
  let participantUpdates = 0;
  const realFetch = globalThis.fetch;

  before(async () => {
    // No webhook URL: only the webhooks this test signs reach the handler.
    livekit = await startLiveKit({ name: 'monitor-presence' });
    rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/UpdateRoomMetadata')) metadataWrites += 1;
      if (url.endsWith('/UpdateParticipant')) participantUpdates += 1;
      return realFetch(input, init);
    };
  });

  after(async () => {
    globalThis.fetch = realFetch;
    for (const socket of sockets) socket.terminate();
    await livekit?.stop();
  });

  const handler = (): VisitHandler =>
    createVisitHandler({
      livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      authorize: (request) => JSON.parse(request.headers.get('x-caller') ?? 'null') as AuthorizedCaller | null,
      log: () => {},
    });

  const token = issueToken;

  /** Joins the room over a bare signal connection; LiveKit lists the participant until it closes. */
  async function joinSignalOnly(serverUrl: string, participantToken: string): Promise<WebSocket> {
    const socket = new WebSocket(
      `${serverUrl}/rtc?access_token=${participantToken}&auto_subscribe=1&sdk=js&protocol=16`,
    );
    sockets.push(socket);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return socket;
  }

  const monitorPresent = async (room: string) => {
    const [info] = await rooms.listRooms([room]);
    return parseRoomMetadata(info?.metadata)?.monitorPresent;
  };

  const monitorWebhook = (event: string, id: string, room: string, role = 'monitor', metadata?: string) =>
    signedWebhook(
      {
        event,
        id,
        createdAt: String(Math.floor(Date.now() / 1000)),
        room: { sid: 'RM_x', name: room, ...(metadata === undefined ? {} : { metadata }) },
        participant: {
          sid: `PA_${id}`,
          identity: role === 'monitor' ? 'officer-1' : `${role}-1`,
          attributes: { 'visitkit.role': role, 'visitkit.visit': 'it-monitor' },
          ...(event === 'participant_joined' ? {} : { disconnectReason: 'CLIENT_INITIATED' }),
        },
      },
      { apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
    );

  test('a monitor joining and leaving flips monitorPresent; re-deliveries and stale events change nothing', async () => {
    const handle = handler();
    const visit: VisitInput = {
      id: 'it-monitor',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      monitored: true,
      requireMonitor: true,
    };
    await token(handle, visit, 'resident', 'res-1');
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    assert.equal(await monitorPresent(room), false, 'a new room has no monitor');

    const credentials = await token(handle, visit, 'monitor', 'officer-1');
    const socket = await joinSignalOnly(credentials.server_url, credentials.participant_token);
    await eventually(
      async () => ((await rooms.listParticipants(room)).length > 0 ? true : undefined),
      'the monitor listed',
    );
    assert.equal(await monitorPresent(room), false, 'nothing changes before the webhook');

    assert.equal((await handle(await monitorWebhook('participant_joined', 'EV_m1', room))).status, 200);
    assert.equal(await monitorPresent(room), true);
    const [info] = await rooms.listRooms([room]);
    assert.equal(parseRoomMetadata(info?.metadata)?.visit.id, visit.id, 'the visit policy is kept');

    const writes = metadataWrites;
    assert.equal((await handle(await monitorWebhook('participant_joined', 'EV_m1', room))).status, 200);
    // A "left" from an earlier session arriving late: the monitor LiveKit lists is still there.
    assert.equal((await handle(await monitorWebhook('participant_left', 'EV_m0', room))).status, 200);
    assert.equal(await monitorPresent(room), true);
    assert.equal(metadataWrites - writes, 0, 'metadata is written only when it changes');

    socket.close();
    await eventually(
      async () => ((await rooms.listParticipants(room)).length === 0 ? true : undefined),
      'the monitor gone',
    );
    assert.equal((await handle(await monitorWebhook('participant_connection_aborted', 'EV_m2', room))).status, 200);
    assert.equal(await monitorPresent(room), false);
  });

  test('creating the room recounts: a lost webhook is made good by the next instance that creates it', async () => {
    const first = handler();
    const visit: VisitInput = {
      id: 'it-monitor-lost',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      monitored: true,
      requireMonitor: true,
    };
    const credentials = await token(first, visit, 'monitor', 'officer-1');
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    await joinSignalOnly(credentials.server_url, credentials.participant_token);
    await eventually(
      async () => ((await rooms.listParticipants(room)).length > 0 ? true : undefined),
      'the monitor listed',
    );
    assert.equal(await monitorPresent(room), false, 'the joined webhook never came');

    await token(handler(), visit, 'visitor', 'fam-1');
    assert.equal(await monitorPresent(room), true);
  });

  /** The `video` grant inside a LiveKit JWT. */
  const videoGrant = (jwt: string): { canSubscribe?: boolean; canPublish?: boolean; hidden?: boolean } =>
    (
      JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as {
        video: ReturnType<typeof videoGrant>;
      }
    ).video;

  /** Each listed participant's identity → its permission as LiveKit enforces it. */
  const permissions = async (room: string) =>
    Object.fromEntries(
      (await rooms.listParticipants(room)).map((p) => [
        p.identity,
        {
          canSubscribe: p.permission?.canSubscribe,
          canPublish: p.permission?.canPublish,
          canPublishSources: p.permission?.canPublishSources,
          canPublishData: p.permission?.canPublishData,
          hidden: p.permission?.hidden,
        },
      ]),
    );
  const party = (canSubscribe: boolean) => ({
    canSubscribe,
    canPublish: true,
    canPublishSources: [1, 2],
    canPublishData: true,
    hidden: false,
  });

  test('parties get tokens without canSubscribe (granted in the room, when allowed); monitors always have it', async () => {
    const handle = handler();
    const visit: VisitInput = {
      id: 'it-grant',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      monitored: true,
      requireMonitor: true,
      maxVisitors: 2,
    };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    assert.equal(videoGrant((await token(handle, visit, 'resident', 'res-1')).participant_token).canSubscribe, false);
    assert.equal(videoGrant((await token(handle, visit, 'visitor', 'fam-1')).participant_token).canSubscribe, false);
    const officer = await token(handle, visit, 'monitor', 'officer-1');
    assert.deepEqual(videoGrant(officer.participant_token), {
      ...videoGrant(officer.participant_token),
      canSubscribe: true,
      canPublish: false,
      hidden: true,
    });

    await joinSignalOnly(officer.server_url, officer.participant_token);
    await eventually(
      async () => ((await rooms.listParticipants(room)).length > 0 ? true : undefined),
      'the monitor listed',
    );
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the one-second participant listing cache
    const resident = videoGrant((await token(handle, visit, 'resident', 'res-1')).participant_token);
    assert.deepEqual(
      [resident.canSubscribe, resident.canPublish, resident.hidden],
      [false, true, false],
      'even with a monitor there',
    );

    const open: VisitInput = { id: 'it-grant-open', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    assert.equal(
      videoGrant((await token(handle, open, 'visitor', 'fam-1')).participant_token).canSubscribe,
      false,
      'on any visit',
    );
  });

  test('the recount grants canSubscribe to every party when a monitor arrives, revokes it when the last one leaves, and corrects outdated tokens on join', async () => {
    const handle = handler();
    const visit: VisitInput = {
      id: 'it-permission',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      monitored: true,
      requireMonitor: true,
      maxVisitors: 2,
    };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const resident = await token(handle, visit, 'resident', 'res-1');
    const visitor = await token(handle, visit, 'visitor', 'fam-1');
    await joinSignalOnly(resident.server_url, resident.participant_token);
    await joinSignalOnly(visitor.server_url, visitor.participant_token);
    await eventually(
      async () => ((await rooms.listParticipants(room)).length === 2 ? true : undefined),
      'both parties listed',
    );
    assert.deepEqual(await permissions(room), { 'res-1': party(false), 'fam-1': party(false) });

    const officer = await token(handle, visit, 'monitor', 'officer-1');
    const monitorSocket = await joinSignalOnly(officer.server_url, officer.participant_token);
    await eventually(
      async () => ((await rooms.listParticipants(room)).length === 3 ? true : undefined),
      'the monitor listed',
    );
    assert.equal((await handle(await monitorWebhook('participant_joined', 'EV_p1', room))).status, 200);
    assert.deepEqual(await permissions(room), {
      'res-1': party(true),
      'fam-1': party(true),
      'officer-1': { canSubscribe: true, canPublish: false, canPublishSources: [], canPublishData: true, hidden: true },
    });
    assert.equal(await monitorPresent(room), true);

    const updates = participantUpdates;
    assert.equal((await handle(await monitorWebhook('participant_joined', 'EV_p1', room))).status, 200);
    assert.equal(participantUpdates - updates, 0, 'a re-delivery changes no permission');

    // A second visitor's token is issued while the monitor is there, and used after the monitor left.
    const late = await token(handle, visit, 'visitor', 'fam-2');

    monitorSocket.close();
    await eventually(
      async () => ((await rooms.listParticipants(room)).length === 2 ? true : undefined),
      'the monitor gone',
    );
    assert.equal((await handle(await monitorWebhook('participant_left', 'EV_p2', room))).status, 200);
    assert.deepEqual(await permissions(room), { 'res-1': party(false), 'fam-1': party(false) });
    assert.equal(await monitorPresent(room), false);

    await joinSignalOnly(late.server_url, late.participant_token);
    await eventually(
      async () => ((await rooms.listParticipants(room)).length === 3 ? true : undefined),
      'the late visitor listed',
    );
    assert.equal((await permissions(room))['fam-2']?.canSubscribe, false, 'its token never carries canSubscribe');
    const [info] = await rooms.listRooms([room]);
    assert.equal(
      (await handle(await monitorWebhook('participant_joined', 'EV_p3', room, 'visitor', info?.metadata))).status,
      200,
    );
    assert.deepEqual(await permissions(room), { 'res-1': party(false), 'fam-1': party(false), 'fam-2': party(false) });
  });

  test('a lost "monitor left" webhook is made good by the next enforcer tick: the parties lose canSubscribe', async () => {
    const handle = handler();
    const visit: VisitInput = {
      id: 'it-enforcer-recount',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      monitored: true,
      requireMonitor: true,
    };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const resident = await token(handle, visit, 'resident', 'res-1');
    await joinSignalOnly(resident.server_url, resident.participant_token);
    const officer = await token(handle, visit, 'monitor', 'officer-1');
    const monitorSocket = await joinSignalOnly(officer.server_url, officer.participant_token);
    await eventually(async () => ((await rooms.listParticipants(room)).length === 2 ? true : undefined), 'both listed');
    assert.equal((await handle(await monitorWebhook('participant_joined', 'EV_e1', room))).status, 200);
    assert.equal((await permissions(room))['res-1']?.canSubscribe, true);

    monitorSocket.close(); // and its "left" webhook never arrives
    await eventually(
      async () => ((await rooms.listParticipants(room)).length === 1 ? true : undefined),
      'the monitor gone',
    );
    assert.equal((await permissions(room))['res-1']?.canSubscribe, true, 'nothing changes without a webhook');

    const enforcer = createEnforcer({
      livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      store: null,
      log: () => {},
    });
    const report = await enforcer.tick();
    assert.equal(report.errors, 0);
    assert.deepEqual(await permissions(room), { 'res-1': party(false) });
    assert.equal(await monitorPresent(room), false);
  });
});
