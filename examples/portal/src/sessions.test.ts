import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAuthorize } from './authorize.js';
import { openDatabase, type PortalDatabase } from './database.js';
import { DEMO, seedDemoData } from './seed.js';
import {
  createSession,
  endSession,
  purgeExpiredSessions,
  readCookie,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  SESSION_TTL_MS,
  secureCookiesFor,
  sessionCookie,
  sessionUser,
} from './sessions.js';

// One seeded embedded database for the file (PGlite takes a moment to start).
let db: PortalDatabase;
before(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  await seedDemoData(db, new Date('2026-03-01T15:00:00Z'));
});
after(() => db.close());

const MINUTE = 60_000;
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

test('a session used every 20 minutes lives until its one-day limit, and not a moment longer', async () => {
  const start = new Date('2026-03-01T15:00:00Z');
  const id = await createSession(db, 'maria', start);
  assert.equal((await sessionUser(db, id, start))?.name, 'Maria Lopez');
  let now = start;
  while (now.getTime() + 20 * MINUTE < start.getTime() + SESSION_TTL_MS) {
    now = later(now, 20 * MINUTE);
    assert.equal((await sessionUser(db, id, now))?.id, 'maria', `still signed in at ${now.toISOString()}`);
  }
  assert.equal((await sessionUser(db, id, later(start, SESSION_TTL_MS - 1)))?.id, 'maria');
  assert.equal(await sessionUser(db, id, later(start, SESSION_TTL_MS)), undefined);
});

test('a session idle for 30 minutes is over; each request restarts the idle clock', async () => {
  const start = new Date('2026-03-02T09:00:00Z');
  const id = await createSession(db, 'luis', start);
  assert.equal((await sessionUser(db, id, later(start, 25 * MINUTE)))?.id, 'luis');
  // Seen at +25 min: still valid at +50 (25 idle), over at +55 (30 idle).
  assert.equal((await sessionUser(db, id, later(start, 50 * MINUTE)))?.id, 'luis');
  assert.equal(await sessionUser(db, id, later(start, 80 * MINUTE)), undefined);
  const idle = await createSession(db, 'luis', start);
  assert.equal(await sessionUser(db, idle, later(start, SESSION_IDLE_MS)), undefined);
});

test('expired and idle sessions are purged (also when someone signs in); live ones are kept', async () => {
  await db.query('DELETE FROM sessions');
  const start = new Date('2026-03-03T09:00:00Z');
  const idle = await createSession(db, 'maria', start);
  const active = await createSession(db, 'james', start);
  const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions')).rows[0]?.n;
  assert.equal(await count(), 2);
  assert.ok(await sessionUser(db, active, later(start, 20 * MINUTE)));
  assert.equal(await purgeExpiredSessions(db, later(start, 35 * MINUTE)), 1, 'only the idle one');
  assert.equal(await sessionUser(db, idle, later(start, 20 * MINUTE)), undefined, 'gone, even at a time it was valid');
  assert.ok(await sessionUser(db, active, later(start, 36 * MINUTE)));
  await createSession(db, 'okafor', later(start, SESSION_TTL_MS + MINUTE));
  assert.equal(await count(), 1, 'the sign-in purged the session past its one-day limit');
});

test('session ids are random, long, and stored only as a hash', async () => {
  const now = new Date();
  const a = await createSession(db, 'maria', now);
  const b = await createSession(db, 'maria', now);
  assert.notEqual(a, b);
  assert.ok(a.length >= 43, 'at least 256 bits in base64url');
  const { rows } = await db.query<{ id_hash: string }>('SELECT id_hash FROM sessions');
  assert.ok(rows.length >= 2);
  assert.ok(rows.every((row) => row.id_hash !== a && row.id_hash !== b));
});

test('unknown, empty and signed-out sessions have no user', async () => {
  const now = new Date();
  assert.equal(await sessionUser(db, undefined, now), undefined);
  assert.equal(await sessionUser(db, 'made-up', now), undefined);
  const id = await createSession(db, 'reyes', now);
  await endSession(db, id);
  assert.equal(await sessionUser(db, id, now), undefined);
});

test('the session cookie is HttpOnly and SameSite=Lax; when Secure it is a __Host- cookie; clearing expires it', () => {
  const cookie = sessionCookie('abc', { secure: false });
  assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=abc; `));
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Lax/);
  assert.match(cookie, /; Path=\//);
  assert.doesNotMatch(cookie, /Secure|__Host-|Domain=/);
  const secure = sessionCookie('abc', { secure: true });
  assert.match(secure, /^__Host-vk_portal_session=abc; Path=\/; /);
  assert.match(secure, /; Secure$/);
  assert.doesNotMatch(secure, /Domain=/);
  assert.match(sessionCookie(undefined, { secure: false }), /Max-Age=0/);
  assert.match(sessionCookie(undefined, { secure: true }), /^__Host-vk_portal_session=; .*Max-Age=0/);
});

test('cookies are Secure unless the portal listens on loopback; PORTAL_SECURE_COOKIES overrides', () => {
  assert.equal(secureCookiesFor('127.0.0.1', undefined), false);
  assert.equal(secureCookiesFor('localhost', undefined), false);
  assert.equal(secureCookiesFor('::1', undefined), false);
  assert.equal(secureCookiesFor('0.0.0.0', undefined), true);
  assert.equal(secureCookiesFor('::', undefined), true);
  assert.equal(secureCookiesFor('portal.example.org', undefined), true);
  assert.equal(secureCookiesFor('10.0.0.5', ''), true);
  assert.equal(secureCookiesFor('0.0.0.0', '0'), false);
  assert.equal(secureCookiesFor('127.0.0.1', '1'), true);
});

test('with Secure cookies only the __Host- cookie signs anyone in', async () => {
  const id = await createSession(db, 'maria', new Date());
  const authorize = createAuthorize(db, () => new Date(), true);
  const ask = (cookie: string) =>
    authorize(new Request('http://portal.test/t', { method: 'POST', headers: { cookie } }), {
      visitId: DEMO.visits.socialNow,
    });
  assert.equal(
    await ask(`${SESSION_COOKIE}=${id}`),
    null,
    'a plain-named cookie (plantable by a subdomain) is ignored',
  );
  assert.equal((await ask(`${SECURE_SESSION_COOKIE}=${id}`))?.identity, 'maria');
});

test('readCookie finds one cookie among several', () => {
  assert.equal(readCookie(`a=1; ${SESSION_COOKIE}=xyz; b=2`, SESSION_COOKIE), 'xyz');
  assert.equal(readCookie('a=1', SESSION_COOKIE), undefined);
  assert.equal(readCookie(undefined, SESSION_COOKIE), undefined);
});
