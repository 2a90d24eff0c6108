import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rulesSha256 } from '@visitkit/core/protocol';
import { VisitHttpError } from '@visitkit/server-adapter';
import { createAuthorize, visitIdentity } from './authorize.js';
import { openDatabase, type PortalDatabase } from './database.js';
import { PORTAL_LANGS, strings } from './portal-i18n.js';
import { DEMO, seedDemoData } from './seed.js';
import { createSession, SESSION_COOKIE } from './sessions.js';
import { findUser } from './users.js';

// One seeded embedded database for the file (PGlite takes a moment to start); the tests only read it.
let db: PortalDatabase;
before(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  await seedDemoData(db, new Date());
});
after(() => db.close());

test('only users on the visit may join it, each with their role', async () => {
  const who = async (user: string, visit: string) =>
    (await visitIdentity(db, (await findUser(db, user))!, visit))?.role;
  assert.equal(await who('james', DEMO.visits.socialNow), 'resident');
  assert.equal(await who('maria', DEMO.visits.socialNow), 'visitor');
  assert.equal(await who('luis', DEMO.visits.socialNow), 'visitor');
  assert.equal(await who('okafor', DEMO.visits.privilegedNow), 'attorney');
  assert.equal(await who('okafor', DEMO.visits.socialNow), undefined, 'the attorney is not on the family visit');
  assert.equal(await who('maria', DEMO.visits.privilegedNow), undefined, 'family is not on the legal visit');
  assert.equal(await who('maria', DEMO.visits.monitorRequired), undefined);
  assert.equal(await who('maria', 'no-such-visit'), undefined);
});

test('the officer is a monitor on every visit of the facility (Visitkit refuses monitors on privileged ones)', async () => {
  const officer = (await findUser(db, 'reyes'))!;
  assert.equal((await visitIdentity(db, officer, DEMO.visits.socialNow))?.role, 'monitor');
  assert.equal((await visitIdentity(db, officer, DEMO.visits.privilegedNow))?.role, 'monitor');
});

test('identity and name come from the portal user, the visit from the schedule', async () => {
  const who = (await visitIdentity(db, (await findUser(db, 'maria'))!, DEMO.visits.socialNow))!;
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
  const authorize = createAuthorize(db);
  assert.equal(await authorize(request(), { visitId: DEMO.visits.socialNow }), null);
  assert.equal(await authorize(request('forged'), { visitId: DEMO.visits.socialNow }), null);
  const maria = await createSession(db, 'maria', new Date());
  assert.equal((await authorize(request(maria), { visitId: DEMO.visits.socialNow }))?.role, 'visitor');
  const refusal = async (visitId: string) => {
    const error = await authorize(request(maria), { visitId }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof VisitHttpError);
    return [error.status, error.code, error.message];
  };
  const stranger = await refusal(DEMO.visits.privilegedNow);
  assert.deepEqual(stranger, [404, 'not-found', 'There is no such visit for you.']);
  assert.deepEqual(await refusal('nope'), stranger);
});

test('every visit states the rules its pages show, in each language, so a consent to other rules is outdated', async () => {
  const who = await visitIdentity(db, (await findUser(db, 'maria'))!, DEMO.visits.socialNow);
  const shown = await Promise.all(PORTAL_LANGS.map((lang) => rulesSha256(strings(lang).rules)));
  assert.deepEqual(who?.visit.rulesSha256, shown);
  assert.equal(new Set(shown).size, PORTAL_LANGS.length, 'each language its own text');
});
