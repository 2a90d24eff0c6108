import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VisitHttpError } from '@visitkit/server-adapter';
import { createAuthorize, visitIdentity } from './authorize.js';
import { openDatabase } from './database.js';
import { DEMO, seedDemoData } from './seed.js';
import { createSession, SESSION_COOKIE } from './sessions.js';
import { findUser } from './users.js';

function fixture() {
  const db = openDatabase(':memory:');
  seedDemoData(db, new Date());
  return db;
}

test('only users on the visit may join it, each with their role', () => {
  const db = fixture();
  const who = (user: string, visit: string) => visitIdentity(db, findUser(db, user)!, visit)?.role;
  assert.equal(who('james', DEMO.visits.socialNow), 'resident');
  assert.equal(who('maria', DEMO.visits.socialNow), 'visitor');
  assert.equal(who('luis', DEMO.visits.socialNow), 'visitor');
  assert.equal(who('okafor', DEMO.visits.privilegedNow), 'attorney');
  assert.equal(who('okafor', DEMO.visits.socialNow), undefined, 'the attorney is not on the family visit');
  assert.equal(who('maria', DEMO.visits.privilegedNow), undefined, 'family is not on the legal visit');
  assert.equal(who('maria', DEMO.visits.monitorRequired), undefined);
  assert.equal(who('maria', 'no-such-visit'), undefined);
});

test('the officer is a monitor on every visit of the facility (Visitkit refuses monitors on privileged ones)', () => {
  const db = fixture();
  const officer = findUser(db, 'reyes')!;
  assert.equal(visitIdentity(db, officer, DEMO.visits.socialNow)?.role, 'monitor');
  assert.equal(visitIdentity(db, officer, DEMO.visits.privilegedNow)?.role, 'monitor');
});

test('identity and name come from the portal user, the visit from the schedule', () => {
  const db = fixture();
  const who = visitIdentity(db, findUser(db, 'maria')!, DEMO.visits.socialNow)!;
  assert.equal(who.identity, 'maria');
  assert.equal(who.name, 'Maria Lopez');
  assert.equal(who.visit.id, DEMO.visits.socialNow);
  assert.equal(who.visit.recorded, true);
});

function request(cookie?: string) {
  return new Request('http://portal.test/api/visitkit/visits/x/token', {
    method: 'POST',
    headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {},
  });
}

test('authorize: no session is null (401); a stranger to the visit and an unknown visit get the same 404', async () => {
  const db = fixture();
  const authorize = createAuthorize(db);
  assert.equal(await authorize(request(), { visitId: DEMO.visits.socialNow }), null);
  assert.equal(await authorize(request('forged'), { visitId: DEMO.visits.socialNow }), null);
  const maria = createSession(db, 'maria', new Date());
  assert.equal((await authorize(request(maria), { visitId: DEMO.visits.socialNow }))?.role, 'visitor');
  const refusal = async (visitId: string) => {
    const error = await authorize(request(maria), { visitId }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof VisitHttpError);
    return [error.status, error.code, error.message];
  };
  const stranger = await refusal(DEMO.visits.privilegedNow);
  assert.deepEqual(stranger, [404, 'not-found', 'There is no such visit for you.']);
  assert.deepEqual(await refusal('nope'), stranger);
});
