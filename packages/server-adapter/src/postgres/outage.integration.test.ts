// The database stopped for 10 s during a visit, with a real LiveKit server and a real PostgreSQL server:
// token requests answer 503 store-unavailable, webhooks 5xx (LiveKit retries them; the failed deliveries are
// also kept and delivered again here, as a later retry would), and once the database is back the ledger is
// complete, each event once.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import pg from 'pg';
import { LedgerSchema, VisitInputSchema, type VisitInput } from '@visitkit/core/protocol';
import { startLiveKit } from '../../../../scripts/lib/livekit-server.mjs';
import { startPostgres } from '../../../../scripts/lib/postgres.mjs';
import { createVisitHandler, type VisitHandler } from '../handler.js';
import { type toNodeListener } from '../node.js';
import { signedWebhook } from '../test-support/fixtures.js';
import { eventually, minutes, type LiveKit } from '../test-support/real-livekit.js';
import { PostgresVisitStore } from './postgres-visit-store.js';
import type { AuthorizedCaller } from '../authorize.js';

const OUTAGE_MS = 10_000;

let livekit: LiveKit;
let database: Awaited<ReturnType<typeof startPostgres>>;
let pool: pg.Pool;
let server: Server;
let handle: VisitHandler;
/** Every webhook LiveKit delivered, with our answer; the raw request is kept so it can be delivered again. */
const deliveries: { status: number; body: string; authorization: string }[] = [];

before(async () => {
  database = await startPostgres({ name: 'outage' });
  pool = new pg.Pool({ connectionString: database.url, max: 4, connectionTimeoutMillis: 2000 });
  pool.on('error', () => {}); // connections cut by the outage must not crash the test process
  let listener: ReturnType<typeof toNodeListener> = async (_req, res) => void res.end();
  server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  livekit = await startLiveKit({
    name: 'postgres-outage',
    webhookUrls: [`http://127.0.0.1:${port}/api/visitkit/livekit/webhook`],
  });
  handle = createVisitHandler({
    livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
    store: new PostgresVisitStore({ db: pool, timeoutMs: 3000 }),
    authorize: (request) => JSON.parse(request.headers.get('x-caller') ?? 'null') as AuthorizedCaller | null,
    log: () => {},
  });
  // Webhooks are answered by the handler and recorded (status + raw request) on the way.
  listener = async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const request = new Request(`http://127.0.0.1:${port}${req.url}`, {
      method: req.method ?? 'GET',
      headers: req.headers as Record<string, string>,
      ...(body ? { body } : {}),
    });
    const response = await handle(request);
    if (req.url?.endsWith('/livekit/webhook')) {
      deliveries.push({ status: response.status, body, authorization: req.headers.authorization ?? '' });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  };
});

after(async () => {
  await livekit?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await pool?.end();
  await database?.stop();
});

const visit: VisitInput = { id: `outage-${process.pid}`, kind: 'social', startsAt: minutes(-1), endsAt: minutes(30) };
const caller = (identity: string, role: string) => JSON.stringify({ identity, name: identity, role, visit });
const token = (identity: string, role: string) =>
  handle(
    new Request(`http://portal.test/api/visitkit/visits/${visit.id}/token`, {
      method: 'POST',
      headers: { 'x-caller': caller(identity, role) },
    }),
  );
const redeliver = (delivery: { body: string; authorization: string }) =>
  handle(
    new Request('http://portal.test/api/visitkit/livekit/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: delivery.authorization },
      body: delivery.body,
    }),
  );

test('a 10 s database outage: 503 for tokens, 5xx for webhooks, a complete ledger once it is back', async () => {
  assert.equal((await token('res-1', 'resident')).status, 200);
  const store = new PostgresVisitStore({ db: pool });
  await eventually(
    async () => ((await store.list(visit.id)).some((e) => e.type === 'room-started') ? true : undefined),
    'room_started stored',
  );
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  const [room] = await rooms.listRooms();
  assert.ok(room, 'the token route created the room');

  await database.halt();
  const outageStarted = Date.now();
  const before = deliveries.length;
  // During the outage: a visitor asks for a token, a participant joins (webhook), LiveKit closes the room.
  const refused = await token('vis-1', 'visitor');
  assert.equal(refused.status, 503);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'store-unavailable');
  const metadata = JSON.stringify({ visitkit: 1, visit: VisitInputSchema.parse(visit) });
  const joined = {
    event: 'participant_joined',
    id: `EV_outage_join_${process.pid}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
    room: { sid: room.sid, name: room.name, metadata },
    participant: {
      sid: 'PA_res',
      identity: 'res-1',
      name: 'res-1',
      joinedAtMs: String(Date.now()),
      attributes: { 'visitkit.role': 'resident', 'visitkit.visit': visit.id },
    },
  };
  const joinedWebhook = await signedWebhook(joined, { apiKey: livekit.apiKey, apiSecret: livekit.apiSecret });
  const joinedCopy = joinedWebhook.clone();
  assert.ok((await handle(joinedWebhook)).status >= 500, 'a webhook is answered 5xx so LiveKit retries it');
  await rooms.deleteRoom(room.name);
  const finished = await eventually(
    () => deliveries.slice(before).find((d) => d.body.includes('room_finished')),
    "LiveKit's room_finished delivery",
  );
  assert.ok(finished.status >= 500, `LiveKit's own webhook was answered ${finished.status}`);
  // LiveKit (v1.13.5: go-retryablehttp, 4 retries 1 s, 2 s, 4 s, 8 s apart) delivers a 5xx-answered webhook again.
  await eventually(
    () => (deliveries.filter((d) => d.body.includes('room_finished')).length >= 2 ? true : undefined),
    "LiveKit's retry of room_finished",
    30_000,
  );
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - outageStarted))));
  await database.resume();

  // Back: LiveKit's last retry may land now; every delivery that failed is also delivered again here (as a
  // later retry would — no timing assumption), the visitor gets a token.
  assert.equal((await handle(joinedCopy)).status, 200);
  for (const delivery of deliveries.filter((d) => d.status >= 500))
    assert.equal((await redeliver(delivery)).status, 200);
  assert.equal((await token('vis-1', 'visitor')).status, 200);

  const events = await store.list(visit.id);
  const ids = events.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'each event once');
  const types = events.map((e) => e.type);
  for (const type of ['room-started', 'participant-joined', 'room-finished', 'token-issued'] as const) {
    assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
  }
  assert.equal(
    types.filter((t) => t === 'token-issued').length,
    2,
    'the resident before, the visitor after the outage',
  );
  const ledgerResponse = await handle(
    new Request(`http://portal.test/api/visitkit/visits/${visit.id}/ledger`, {
      headers: { 'x-caller': caller('officer', 'monitor') },
    }),
  );
  assert.equal(ledgerResponse.status, 200);
  const ledger = LedgerSchema.parse(await ledgerResponse.json());
  assert.deepEqual(
    ledger.participants.map((p) => p.identity),
    ['res-1'],
  );
});
