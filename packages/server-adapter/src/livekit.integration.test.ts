// Against the real LiveKit server (scripts/lib/livekit-server.mjs): rooms, grants, webhooks, staff actions
// and the enforcer. What needs a real participant (publishing, hidden monitors, rejoin) is in
// tests/server-adapter-livekit.test.mjs, which drives Chromium.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { dispose as disposeRtc } from '@livekit/rtc-node';
import { RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import {
  ErrorBodySchema,
  LedgerSchema,
  parseRoomMetadata,
  TokenResponseSchema,
  type VisitInput,
} from '@visitkit/core/protocol';
import { startLiveKit } from '../../../scripts/lib/livekit-server.mjs';
import { joinSynthetic } from '../../../scripts/lib/synthetic-participant.mjs';
import { createEnforcer } from './enforcer.js';
import { createVisitHandler, type VisitHandler } from './handler.js';
import { MemoryVisitStore } from './memory-visit-store.js';
import { toNodeListener } from './node.js';
import { roomNameFor } from './room-name.js';
import type { VisitEvent } from './visit-events.js';
import { eventually, minutes, type LiveKit } from './test-support/real-livekit.js';
import type { AuthorizedCaller } from './authorize.js';

describe('server adapter against a real LiveKit server', () => {
  let livekit: LiveKit;
  let server: Server;
  let handle: VisitHandler;
  let rooms: RoomServiceClient;
  const events: VisitEvent[] = [];
  const store = new MemoryVisitStore();
  let livekitCalls = 0;
  const realFetch = globalThis.fetch;

  before(async () => {
    // Our HTTP server first (port 0), so LiveKit can be told where to send webhooks.
    let listener: ReturnType<typeof toNodeListener> = async (_req, res) => void res.end();
    server = createServer((req, res) => void listener(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    livekit = await startLiveKit({
      name: 'server-adapter-integration',
      webhookUrls: [`http://127.0.0.1:${port}/api/visitkit/livekit/webhook`],
      departureTimeout: 2,
    });
    rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    const livekitHost = new URL(livekit.httpUrl).host;
    globalThis.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (new URL(url).host === livekitHost) livekitCalls += 1;
      return realFetch(input, init);
    };
    handle = createVisitHandler({
      livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      store,
      terminateGraceMs: 0,
      authorize: (request) => JSON.parse(request.headers.get('x-caller') ?? 'null') as AuthorizedCaller | null,
      onEvent: (event) => void events.push(event),
      log: () => {},
    });
    listener = toNodeListener(handle);
  });

  after(async () => {
    await disposeRtc(); // rtc-node's native side keeps the process alive otherwise
    globalThis.fetch = realFetch;
    await livekit?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  const tokenRequest = (visit: VisitInput, role: string, identity: string, body?: unknown) =>
    handle(
      new Request(`http://portal.test/api/visitkit/visits/${visit.id}/token`, {
        method: 'POST',
        headers: {
          'x-caller': JSON.stringify({ identity, name: identity.toUpperCase(), role, visit }),
          'content-type': 'application/json',
        },
        body: JSON.stringify(body ?? {}),
      }),
    );
  const staffRequest = (visit: VisitInput, action: string, body: unknown) =>
    handle(
      new Request(`http://portal.test/api/visitkit/visits/${visit.id}/${action}`, {
        method: 'POST',
        headers: {
          'x-caller': JSON.stringify({ identity: 'officer-1', name: 'Officer', role: 'monitor', visit }),
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }),
    );

  test('tokens carry exactly the grants of each role, server-set attributes and a TTL ending at endsAt + grace', async () => {
    const social: VisitInput = {
      id: 'it-social',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(30),
      maxVisitors: 2,
      monitored: true,
    };
    const privileged: VisitInput = {
      id: 'it-privileged',
      kind: 'privileged',
      startsAt: minutes(-1),
      endsAt: minutes(30),
    };
    const verifier = new TokenVerifier(livekit.apiKey, livekit.apiSecret);
    const cases = [
      [social, 'resident', true],
      [social, 'visitor', true],
      [social, 'monitor', false],
      [privileged, 'attorney', true],
      [privileged, 'resident', true],
    ] as const;
    for (const [visit, role, publishes] of cases) {
      const response = await tokenRequest(visit, role, `${role}-1`, {
        identity: 'spoofed',
        role: 'monitor',
        room: 'other',
      });
      assert.equal(response.status, 200, `${visit.id} ${role}: ${await response.clone().text()}`);
      const body = TokenResponseSchema.parse(await response.json());
      const claims = await verifier.verify(body.participant_token);
      const room = await roomNameFor(visit.id, livekit.apiSecret);
      assert.equal(claims.sub, `${role}-1`, 'identity comes from authorize, not the body');
      assert.equal(body.room_name, room);
      assert.doesNotMatch(room, new RegExp(visit.id), 'the room name does not reveal the visit');
      assert.deepEqual(claims.attributes, { 'visitkit.role': role, 'visitkit.visit': visit.id });
      assert.deepEqual(claims.video, {
        room,
        roomJoin: true,
        canSubscribe: !publishes, // parties are granted it once in a room with the visit's policy (webhook, enforcer)
        canPublishData: !publishes, // least privilege: only monitors send on the data channel
        canUpdateOwnMetadata: false,
        canPublish: publishes,
        canPublishSources: publishes ? ['camera', 'microphone'] : [],
        hidden: !publishes,
      });
      const ttl = (claims.exp ?? 0) - Date.parse(visit.endsAt as string) / 1000;
      assert.ok(ttl > 60 && ttl <= 125, `token expires ${ttl}s after endsAt`);
      assert.equal(body.server_url, livekit.url);
    }
  });

  test('livekit.apiUrl: the adapter reaches RoomService there while clients are handed livekit.url', async () => {
    const connection = { url: 'wss://video.public.test', apiUrl: livekit.httpUrl, apiKey: livekit.apiKey };
    assert.throws(
      () =>
        createVisitHandler({
          livekit: { ...connection, apiSecret: 's', apiUrl: 'video.internal' },
          store,
          authorize: () => null,
        }),
      /livekit.apiUrl must be a ws\(s\):\/\/ or http\(s\):\/\/ URL/,
    );
    const split = createVisitHandler({
      livekit: { ...connection, apiSecret: livekit.apiSecret },
      store,
      authorize: (request) => JSON.parse(request.headers.get('x-caller') ?? 'null') as AuthorizedCaller | null,
      log: () => {},
    });
    const visit: VisitInput = { id: 'it-api-url', kind: 'social', startsAt: minutes(-1), endsAt: minutes(30) };
    const callsBefore = livekitCalls;
    const response = await split(
      new Request(`http://portal.test/api/visitkit/visits/${visit.id}/token`, {
        method: 'POST',
        headers: {
          'x-caller': JSON.stringify({ identity: 'visitor-1', name: 'V', role: 'visitor', visit }),
          'content-type': 'application/json',
        },
        body: '{}',
      }),
    );
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(TokenResponseSchema.parse(await response.json()).server_url, 'wss://video.public.test');
    assert.ok(livekitCalls > callsBefore, 'the room was prepared through apiUrl');
  });

  test('privileged visits: both parties get the same end-to-end key, only in the token response; social visits none', async () => {
    const privileged: VisitInput = { id: 'it-e2ee', kind: 'privileged', startsAt: minutes(-1), endsAt: minutes(30) };
    const social: VisitInput = { id: 'it-e2ee-social', kind: 'social', startsAt: minutes(-1), endsAt: minutes(30) };
    const keyOf = async (visit: VisitInput, role: string, identity: string) => {
      const response = await tokenRequest(visit, role, identity);
      assert.equal(response.status, 200, await response.clone().text());
      return TokenResponseSchema.parse(await response.json());
    };
    const attorney = await keyOf(privileged, 'attorney', 'att-e2ee');
    const resident = await keyOf(privileged, 'resident', 'res-e2ee');
    assert.match(attorney.e2ee_key ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(resident.e2ee_key, attorney.e2ee_key, 'one key per visit, the same for both parties');
    assert.equal((await keyOf(social, 'resident', 'res-social')).e2ee_key, undefined);
    const key = attorney.e2ee_key!;
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(attorney.participant_token);
    assert.ok(!JSON.stringify(claims).includes(key), 'LiveKit never sees the key (not in the JWT)');
    const [info] = await rooms.listRooms([await roomNameFor(privileged.id, livekit.apiSecret)]);
    assert.ok(info && !info.metadata.includes(key), 'nor in the room metadata');
    assert.ok(!JSON.stringify(await store.list(privileged.id)).includes(key), 'nor in the store (ledger, onEvent)');
    assert.ok(!JSON.stringify(events).includes(key));
    const other = await keyOf({ ...privileged, id: 'it-e2ee-2' }, 'attorney', 'att-e2ee');
    assert.notEqual(other.e2ee_key, key, 'every visit has its own key');
  });

  test('the room is created with the visit policy and remembered: repeated requests cost no LiveKit call', async () => {
    const visit: VisitInput = {
      id: 'it-policy',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      maxVisitors: 1,
    };
    assert.equal((await tokenRequest(visit, 'resident', 'res-1')).status, 200);
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const [info] = await rooms.listRooms([room]);
    assert.ok(info, 'room exists');
    assert.equal(parseRoomMetadata(info.metadata)?.visit.id, visit.id);
    assert.equal(info.maxParticipants, 1 + 1 + 2);
    assert.equal(info.departureTimeout, 60);
    assert.ok(info.emptyTimeout >= 20 * 60, `emptyTimeout ${info.emptyTimeout}`);
    const before = livekitCalls;
    for (let i = 0; i < 5; i += 1) assert.equal((await tokenRequest(visit, 'resident', 'res-1')).status, 200);
    assert.equal(livekitCalls - before, 0);
    // A changed visit (rescheduled) updates the room's metadata.
    const moved = { ...visit, endsAt: minutes(25) };
    assert.equal((await tokenRequest(moved, 'resident', 'res-1')).status, 200);
    const [updated] = await rooms.listRooms([room]);
    assert.equal(parseRoomMetadata(updated?.metadata)?.visit.endsAt, new Date(moved.endsAt).toISOString());
  });

  test('consent is recorded as an event (time and text hash) and then the token is issued', async () => {
    const visit: VisitInput = {
      id: 'it-consent',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      requireConsent: true,
    };
    assert.equal((await tokenRequest(visit, 'visitor', 'fam-1')).status, 428);
    const consent = { accepted_at: new Date().toISOString(), text_sha256: 'a'.repeat(64) };
    const response = await tokenRequest(visit, 'visitor', 'fam-1', { consent });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    assert.ok(!text.includes(livekit.apiSecret), 'no secret in the response');
    const recorded = events.filter((e) => e.type === 'consent-recorded' && e.visitId === visit.id);
    assert.equal(recorded.length, 1);
    assert.ok(recorded[0]?.type === 'consent-recorded');
    assert.deepEqual(
      [recorded[0].participant.identity, recorded[0].acceptedAt, recorded[0].textSha256],
      ['fam-1', consent.accepted_at, consent.text_sha256],
    );
  });

  test('webhooks from the real server become visit events (room started)', async () => {
    const visit: VisitInput = { id: 'it-webhook', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    assert.equal((await tokenRequest(visit, 'resident', 'res-1')).status, 200);
    const started = await eventually(
      () => events.find((e) => e.type === 'room-started' && e.visitId === visit.id),
      'room_started webhook',
    );
    assert.equal(started.type === 'room-started' && started.room, await roomNameFor(visit.id, livekit.apiSecret));
    assert.ok((await store.list(visit.id)).some((e) => e.id === started.id));
  });

  test('warn reaches an open room (404 without one); mute of an absent participant is 404', async () => {
    const visit: VisitInput = {
      id: 'it-warn',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: minutes(20),
      monitored: true,
    };
    assert.equal((await staffRequest(visit, 'warn', { code: 'conduct' })).status, 404);
    assert.equal((await tokenRequest(visit, 'resident', 'res-1')).status, 200);
    const warned = await staffRequest(visit, 'warn', { code: 'conduct', message: 'Please keep it civil.' });
    assert.equal(warned.status, 200);
    const event = events.find((e) => e.type === 'visit-warned' && e.visitId === visit.id);
    assert.ok(event?.type === 'visit-warned' && event.staff.identity === 'officer-1' && event.code === 'conduct');
    assert.equal((await staffRequest(visit, 'mute', { identity: 'nobody', track: 'audio' })).status, 404);
  });

  test('media-state: a party in the room tells the others why its picture stopped, as one word; nothing else passes', async () => {
    const visit: VisitInput = { id: 'it-media', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const mediaState = (role: string, identity: string, body: unknown, actions?: string[]) =>
      handle(
        new Request(`http://portal.test/api/visitkit/visits/${visit.id}/media-state`, {
          method: 'POST',
          headers: {
            'x-caller': JSON.stringify({ identity, name: identity, role, visit, ...(actions ? { actions } : {}) }),
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        }),
      );
    const codeOf = async (response: Response) => ErrorBodySchema.parse(await response.json()).error.code;
    let room = '';
    const join = async (role: string, identity: string) => {
      const token = TokenResponseSchema.parse(await (await tokenRequest(visit, role, identity)).json());
      room = token.room_name ?? room;
      return joinSynthetic({ url: livekit.url, token: token.participant_token, identity, video: false });
    };
    assert.equal(await codeOf(await mediaState('visitor', 'fam-1', { video: 'audio-only' })), 'not-found');
    const family = await join('visitor', 'fam-1');
    const resident = await join('resident', 'res-1');
    try {
      const answer = await mediaState('visitor', 'fam-1', { video: 'audio-only' });
      assert.equal(answer.status, 200);
      const info = await rooms.getParticipant(room, 'fam-1');
      assert.equal(info.attributes['visitkit.media'], 'audio-only');
      assert.equal(info.attributes['visitkit.role'], 'visitor', 'the server-set role is kept');
      // The other party sees it.
      await eventually(
        () => resident.room.remoteParticipants.get('fam-1')?.attributes['visitkit.media'] === 'audio-only' || undefined,
        'the resident sees the family member chose audio only',
      );
      // Scoped callers: whoever may join may say it; a caller allowed only the ledger may not.
      assert.equal((await mediaState('visitor', 'fam-1', { video: 'sending' }, ['token'])).status, 200);
      assert.equal(await codeOf(await mediaState('visitor', 'fam-1', { video: 'sending' }, ['ledger'])), 'forbidden');
      // Anything but one of the three words, and anyone but a party, is refused; the attribute is unchanged.
      for (const body of [{ video: 'hello' }, { video: 'sending', text: 'meet me at…' }, {}, 'audio-only']) {
        assert.equal(await codeOf(await mediaState('visitor', 'fam-1', body)), 'bad-request', JSON.stringify(body));
      }
      assert.equal(await codeOf(await mediaState('monitor', 'officer-1', { video: 'sending' })), 'forbidden');
      assert.equal((await rooms.getParticipant(room, 'fam-1')).attributes['visitkit.media'], 'sending');
    } finally {
      await family.leave();
      await resident.leave();
      await rooms.deleteRoom(room); // not left to depart slowly into the enforcer tests below
    }
  });

  test('terminate closes the room, refuses new tokens and the ledger says who and why', async () => {
    const visit: VisitInput = { id: 'it-terminate', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    assert.equal((await tokenRequest(visit, 'resident', 'res-1')).status, 200);
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    assert.equal((await rooms.listRooms([room])).length, 1);
    const response = await staffRequest(visit, 'terminate', { reason: 'Contraband shown on camera' });
    assert.equal(response.status, 200);
    assert.equal((await rooms.listRooms([room])).length, 0, 'room deleted');
    const again = await tokenRequest(visit, 'resident', 'res-1');
    assert.equal(again.status, 409);
    assert.equal(ErrorBodySchema.parse(await again.json()).error.code, 'visit-terminated');
    assert.equal((await rooms.listRooms([room])).length, 0, 'not recreated');
    const ledger = await handle(
      new Request(`http://portal.test/api/visitkit/visits/${visit.id}/ledger`, {
        headers: { 'x-caller': JSON.stringify({ identity: 'officer-1', name: 'Officer', role: 'monitor', visit }) },
      }),
    );
    const { end } = LedgerSchema.parse(await ledger.json());
    assert.deepEqual(end, { cause: 'staff', at: end?.at, identity: 'officer-1', reason: 'Contraband shown on camera' });
  });

  test('the enforcer warns once per offset per instance, then ends the room at endsAt; two instances do not fail', async () => {
    const endsAt = Date.now() + 10 * 60_000;
    const visit: VisitInput = {
      id: 'it-enforce',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: new Date(endsAt).toISOString(),
      warnings: [300, 60],
    };
    assert.equal((await tokenRequest(visit, 'resident', 'res-1')).status, 200);
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    let clock = endsAt - 299_000;
    const enforcerEvents: VisitEvent[] = [];
    const options = {
      livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      intervalMs: 1000,
      now: () => clock,
      onEvent: (event: VisitEvent) => void enforcerEvents.push(event),
      store,
    };
    const [a, b] = [createEnforcer(options), createEnforcer(options)];
    const mine = (report: Awaited<ReturnType<typeof a.tick>>) => report.warned.filter((w) => w.visitId === visit.id);
    const [first, second] = await Promise.all([a.tick(), b.tick()]);
    assert.deepEqual(mine(first), [{ visitId: visit.id, secondsLeft: 299 }]);
    assert.deepEqual(mine(second), [{ visitId: visit.id, secondsLeft: 299 }]);
    clock += 2000;
    assert.deepEqual(mine(await a.tick()), [], 'not again from the same instance');
    clock = endsAt - 200_000;
    assert.deepEqual(mine(await a.tick()), [], 'nothing between offsets');
    clock = endsAt - 59_000;
    assert.deepEqual(mine(await a.tick()), [{ visitId: visit.id, secondsLeft: 59 }]);
    const warnings = enforcerEvents.filter((e) => e.type === 'time-warning' && e.visitId === visit.id);
    assert.equal(new Set(warnings.map((e) => e.id)).size, 2, 'one event id per offset, whichever instance sent it');
    clock = endsAt + 1000;
    const [endA, endB] = await Promise.all([a.tick(), b.tick()]);
    assert.equal(endA.errors + endB.errors, 0);
    assert.ok(endA.ended.includes(visit.id) || endB.ended.includes(visit.id));
    assert.equal((await rooms.listRooms([room])).length, 0, 'room deleted at endsAt');
    assert.equal((await store.list(visit.id)).filter((e) => e.type === 'visit-expired').length, 1);
  });
});
