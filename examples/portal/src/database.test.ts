// The portal on a real PostgreSQL server (DATABASE_URL) whose server stops: requests for a visit token answer
// 503 store-unavailable (not 500), and the portal carries on once the server is back.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { VisitStoreError } from '@visitkit/server-adapter';
import { startPostgres } from '../../../scripts/lib/postgres.mjs';
import { createPortal, type Portal } from './app.js';
import { openDatabase, type PortalDatabase } from './database.js';
import { RateLimiter } from './rate-limit.js';
import { DEMO, seedDemoData } from './seed.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let database: Awaited<ReturnType<typeof startPostgres>>;
let db: PortalDatabase;
let portal: Portal;
let server: Server;
let base: string;

before(async () => {
  database = await startPostgres({ name: 'portal-db' });
  db = await openDatabase({ url: database.url });
  await seedDemoData(db, new Date());
  portal = createPortal({
    db,
    livekit: { url: 'ws://127.0.0.1:9', apiKey: 'APItest', apiSecret: 'secret-secret-secret-secret-secret' },
    nodeModules: join(ROOT, 'node_modules'),
    enforcerMs: 3_600_000,
    log: () => {},
  });
  server = createServer(portal.listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await portal?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.close();
  await database?.stop();
});

test('database down: the token route answers 503 store-unavailable; back: it goes on to LiveKit', async () => {
  const signIn = await fetch(`${base}/signin`, {
    method: 'POST',
    body: new URLSearchParams({ user: 'maria' }),
    redirect: 'manual',
    headers: { origin: base },
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = () =>
    fetch(`${base}/api/visitkit/visits/${DEMO.visits.socialNow}/token`, { method: 'POST', headers: { cookie } });
  await database.halt();
  try {
    const refused = await token();
    assert.equal(refused.status, 503);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'store-unavailable');
    await assert.rejects(db.query('SELECT 1'), VisitStoreError);
  } finally {
    await database.resume();
  }
  // The database answers again; LiveKit is unreachable in this test, so the route now fails one step later.
  const afterwards = await token();
  assert.equal(((await afterwards.json()) as { error: { code: string } }).error.code, 'livekit-unreachable');
});

test('an error of the query itself (a constraint) is not mistaken for an outage', async () => {
  const error = await db
    .query("INSERT INTO users (id, name, kind, facility_id) VALUES ('maria', 'x', 'family', 'riverside')")
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  assert.ok(error instanceof Error && !(error instanceof VisitStoreError), String(error));
  assert.equal((error as { code?: string }).code, '23505');
});

test('rate limit: two portal instances on the server take the last tokens at the same moment — never more than the capacity', async () => {
  const other = await openDatabase({ url: database.url });
  try {
    const limits = { perSession: { capacity: 5, perMinute: 1 } };
    const instances = [new RateLimiter(db, limits, () => 0), new RateLimiter(other, limits, () => 0)];
    const request = { socket: { remoteAddress: '10.1.0.1' }, headers: {} } as unknown as IncomingMessage;
    const waits = await Promise.all(
      Array.from({ length: 24 }, (_, i) => instances[i % 2]!.take(request, 'one-session')),
    );
    assert.equal(waits.filter((w) => w === undefined).length, 5, `granted: ${JSON.stringify(waits)}`);
  } finally {
    await other.close();
  }
});
