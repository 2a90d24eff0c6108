import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from './database.js';
import { seedDemoData } from './seed.js';
import { createSession, endSession, readCookie, SESSION_COOKIE, SESSION_TTL_MS, sessionCookie, sessionUser } from './sessions.js';

function fixture() {
  const db = openDatabase(':memory:');
  seedDemoData(db, new Date('2026-03-01T15:00:00Z'));
  return db;
}

test('a session id maps back to its user until it expires', () => {
  const db = fixture();
  const now = new Date('2026-03-01T15:00:00Z');
  const id = createSession(db, 'maria', now);
  assert.equal(sessionUser(db, id, now)?.name, 'Maria Lopez');
  assert.equal(sessionUser(db, id, new Date(now.getTime() + SESSION_TTL_MS - 1))?.id, 'maria');
  assert.equal(sessionUser(db, id, new Date(now.getTime() + SESSION_TTL_MS)), undefined);
});

test('session ids are random, long, and stored only as a hash', () => {
  const db = fixture();
  const now = new Date();
  const a = createSession(db, 'maria', now);
  const b = createSession(db, 'maria', now);
  assert.notEqual(a, b);
  assert.ok(a.length >= 43, 'at least 256 bits in base64url');
  const stored = db.prepare('SELECT id_hash FROM sessions').all() as { id_hash: string }[];
  assert.equal(stored.length, 2);
  assert.ok(stored.every((row) => row.id_hash !== a && row.id_hash !== b));
});

test('unknown, empty and signed-out sessions have no user', () => {
  const db = fixture();
  const now = new Date();
  assert.equal(sessionUser(db, undefined, now), undefined);
  assert.equal(sessionUser(db, 'made-up', now), undefined);
  const id = createSession(db, 'reyes', now);
  endSession(db, id);
  assert.equal(sessionUser(db, id, now), undefined);
});

test('the session cookie is HttpOnly and SameSite=Lax; Secure only behind HTTPS; clearing expires it', () => {
  const cookie = sessionCookie('abc', { secure: false });
  assert.match(cookie, new RegExp(`^${SESSION_COOKIE}=abc; `));
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Lax/);
  assert.match(cookie, /; Path=\//);
  assert.doesNotMatch(cookie, /Secure/);
  assert.match(sessionCookie('abc', { secure: true }), /; Secure$/);
  assert.match(sessionCookie(undefined, { secure: false }), /Max-Age=0/);
});

test('readCookie finds one cookie among several', () => {
  assert.equal(readCookie(`a=1; ${SESSION_COOKIE}=xyz; b=2`, SESSION_COOKIE), 'xyz');
  assert.equal(readCookie('a=1', SESSION_COOKIE), undefined);
  assert.equal(readCookie(undefined, SESSION_COOKIE), undefined);
});
