import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPortal, type Portal } from './app.js';
import { openDatabase, type PortalDatabase } from './database.js';
import { seedDemoData } from './seed.js';
import { SESSION_COOKIE } from './sessions.js';

// The pages and sign-in over real HTTP. No LiveKit is needed: nothing here asks for a token.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let server: Server;
let portal: Portal;
let base: string;
let db: PortalDatabase;

before(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
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
  await portal.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await db.close();
});

async function signIn(user: string, next?: string) {
  const body = new URLSearchParams({ user, ...(next ? { next } : {}) });
  return fetch(`${base}/signin`, { method: 'POST', body, redirect: 'manual', headers: { origin: base } });
}

function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

test('the sign-in page lists the demo users and says it is demo-only', async () => {
  const page = await (await fetch(`${base}/`)).text();
  for (const name of ['Maria Lopez', 'Luis Lopez', 'James Carter', 'Ana Okafor', 'Officer Dana Reyes'])
    assert.match(page, new RegExp(name));
  assert.match(page, /Demo sign-in/);
});

test('signing in sets an HttpOnly SameSite=Lax session cookie and lands on the user area', async () => {
  const response = await signIn('maria');
  assert.equal(response.status, 303);
  assert.equal(response.headers.get('location'), '/family');
  const header = response.headers.get('set-cookie') ?? '';
  assert.match(header, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}`));
  assert.match(header, /HttpOnly/);
  assert.match(header, /SameSite=Lax/);
  const page = await (await fetch(`${base}/family`, { headers: { cookie: cookieOf(response) } })).text();
  assert.match(page, /data-visit="social-now"/);
  assert.doesNotMatch(page, /data-visit="privileged-now"/, 'family never sees the legal visit');
});

test('each area is for one kind of user; pages need a session', async () => {
  const redirected = await fetch(`${base}/kiosk`, { redirect: 'manual' });
  assert.equal(redirected.status, 303);
  assert.equal(redirected.headers.get('location'), '/?next=%2Fkiosk');
  const maria = cookieOf(await signIn('maria'));
  assert.equal((await fetch(`${base}/staff`, { headers: { cookie: maria } })).status, 403);
  // Not on the visit answers like no such visit (no probing of visit ids).
  assert.equal((await fetch(`${base}/family/visits/privileged-now`, { headers: { cookie: maria } })).status, 404);
  const page = await (await fetch(`${base}/family/visits/social-now`, { headers: { cookie: maria } })).text();
  assert.match(page, /<vk-visit visit-id="social-now" token-url="\/api\/visitkit\/visits\/social-now\/token"/);
  assert.match(page, /<script type="importmap" nonce="[^"]+">/);
});

test('the kiosk page puts the widget in kiosk mode; staff get the monitor and the ledger', async () => {
  const james = cookieOf(await signIn('james'));
  assert.match(
    await (await fetch(`${base}/kiosk/visits/social-now`, { headers: { cookie: james } })).text(),
    /<vk-visit [^>]*kiosk/,
  );
  const reyes = cookieOf(await signIn('reyes'));
  const staff = await (await fetch(`${base}/staff/visits/social-now`, { headers: { cookie: reyes } })).text();
  assert.match(staff, /<vk-monitor visit-id="social-now"/);
  assert.match(staff, /data-testid="both-connected"/);
  const ledger = (await (
    await fetch(`${base}/staff/visits/social-now/ledger.json`, { headers: { cookie: reyes } })
  ).json()) as { visitId: string };
  assert.equal(ledger.visitId, 'social-now');
});

test('no open redirect after sign-in, and cross-site sign-in posts are refused', async () => {
  assert.equal((await signIn('maria', '//evil.example/x')).headers.get('location'), '/family');
  const crossSite = await fetch(`${base}/signin`, {
    method: 'POST',
    body: new URLSearchParams({ user: 'maria' }),
    redirect: 'manual',
    headers: { origin: 'https://evil.example' },
  });
  assert.equal(crossSite.status, 403);
  assert.equal(crossSite.headers.get('set-cookie'), null);
});

test('signing out ends the session on the server', async () => {
  const maria = cookieOf(await signIn('maria'));
  await fetch(`${base}/signout`, { method: 'POST', headers: { cookie: maria, origin: base }, redirect: 'manual' });
  assert.equal((await fetch(`${base}/family`, { headers: { cookie: maria }, redirect: 'manual' })).status, 303);
});

test('the token route answers 401 without a session (the adapter is mounted)', async () => {
  const response = await fetch(`${base}/api/visitkit/visits/social-now/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(response.status, 401);
  assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthenticated');
});

test('only the browser packages are served, and nothing outside them', async () => {
  assert.equal((await fetch(`${base}/vendor/lit/index.js`)).status, 200);
  assert.equal((await fetch(`${base}/vendor/lit/..%2F..%2Fpackage.json`)).status, 404);
  assert.equal((await fetch(`${base}/vendor/better-sqlite3/package.json`)).status, 404);
});

test('the staff page opens with the live overview (fragment refreshable at /staff/overview); names stay text', async () => {
  await portal.store.append({
    id: 'overview-hostile-join',
    type: 'participant-joined',
    visitId: 'social-now',
    at: new Date(Date.now() - 60_000).toISOString(),
    participant: { identity: 'maria', sid: 'PA_hostile', role: 'visitor', name: '<script>alert(1)</script>' },
  });
  const reyes = cookieOf(await signIn('reyes'));
  const page = await (await fetch(`${base}/staff`, { headers: { cookie: reyes } })).text();
  assert.match(page, /<h2 id="live-visits-title">Live now<\/h2>/);
  assert.match(page, /role="status" aria-live="polite"/);
  assert.match(page, /<button type="button" class="button" id="live-visits-refresh">Refresh now<\/button>/);
  assert.ok(
    page.indexOf('id="live-visits-title"') < page.indexOf('Visits at this facility today'),
    'the overview comes first',
  );
  const fragment = await (await fetch(`${base}/staff/overview`, { headers: { cookie: reyes } })).text();
  assert.doesNotMatch(fragment, /<html/);
  assert.match(fragment, /data-visit="social-now"/);
  assert.match(fragment, /data-visit="privileged-now"/);
  assert.doesNotMatch(fragment, /data-visit="social-later"|data-visit="social-over"/);
  assert.match(fragment, /<strong>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/strong>, visitor, since/);
  assert.ok(!fragment.includes('<script>alert'), 'the name is not markup');
  assert.match(fragment, /Waiting for an officer/);
  const maria = cookieOf(await signIn('maria'));
  assert.equal((await fetch(`${base}/staff/overview`, { headers: { cookie: maria } })).status, 403);
});
