// The rules both sides build from the contract: route paths, visitor seats, who is a guest, the visit id.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGuestRole } from './roles.js';
import { DEFAULT_BASE_PATH, VISIT_ROUTES, WEBHOOK_PATH, visitRoutePath } from './routes.js';
import { VisitId, visitorSeats } from './visit.js';

test('route paths: one visit route under the base path, the id encoded, trailing slashes ignored', () => {
  assert.equal(visitRoutePath(DEFAULT_BASE_PATH, 'v-1', 'token'), '/api/visitkit/visits/v-1/token');
  assert.equal(
    visitRoutePath('https://portal.test/api//', 'a b/c', 'ledger'),
    'https://portal.test/api/visits/a%20b%2Fc/ledger',
  );
  assert.deepEqual(VISIT_ROUTES, {
    token: 'POST',
    terminate: 'POST',
    warn: 'POST',
    mute: 'POST',
    ledger: 'GET',
    'media-state': 'POST',
    joined: 'POST',
  });
  assert.equal(WEBHOOK_PATH, '/livekit/webhook');
});

test('visitor seats: maxVisitors, and a privileged visit always admits its attorney', () => {
  assert.equal(visitorSeats({ kind: 'social', maxVisitors: 0 }), 0);
  assert.equal(visitorSeats({ kind: 'social', maxVisitors: 3 }), 3);
  assert.equal(visitorSeats({ kind: 'privileged', maxVisitors: 0 }), 1);
  assert.equal(visitorSeats({ kind: 'privileged', maxVisitors: 2 }), 2);
});

test('guests are visitors and attorneys; residents and monitors take no visitor seat', () => {
  assert.deepEqual(['visitor', 'attorney', 'resident', 'monitor', undefined, 'Visitor'].map(isGuestRole), [
    true,
    true,
    false,
    false,
    false,
    false,
  ]);
});

test('visit ids: 1–128 URL-safe characters', () => {
  for (const ok of ['v', 'Visit_1.2~3-4', 'x'.repeat(128)]) assert.equal(VisitId.safeParse(ok).success, true, ok);
  for (const bad of ['', 'x'.repeat(129), 'a b', 'a/b', 'é', 'v?1'])
    assert.equal(VisitId.safeParse(bad).success, false, bad);
});
