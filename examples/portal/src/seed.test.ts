import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { VisitInputSchema } from '@visitkit/core/protocol';
import { PostgresVisitStore } from '@visitkit/server-adapter/postgres';
import { openDatabase, type PortalDatabase } from './database.js';
import { DEMO, seedDemoData } from './seed.js';
import { findVisit, toVisitInput, visitPhase } from './visits.js';
import { listUsers } from './users.js';

// One embedded database for the file (PGlite takes a moment to start); every test re-seeds it.
let db: PortalDatabase;
before(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
});
after(() => db.close());

test('the demo has a resident, two family members, an attorney and an officer', async () => {
  await seedDemoData(db, new Date());
  const kinds = (await listUsers(db)).map((u) => u.kind).sort();
  assert.deepEqual(kinds, ['attorney', 'family', 'family', 'officer', 'resident']);
});

test('seeded visits are open now, later today, over, privileged and monitor-required relative to the start time', async () => {
  const now = new Date('2026-06-10T14:00:00Z');
  await seedDemoData(db, now);
  const visit = async (id: string) => (await findVisit(db, id))!;
  const phase = async (id: string) => visitPhase(await visit(id), now);
  assert.equal(await phase(DEMO.visits.socialNow), 'open');
  assert.equal(await phase(DEMO.visits.privilegedNow), 'open');
  assert.equal(await phase(DEMO.visits.monitorRequired), 'open');
  assert.equal(await phase(DEMO.visits.later), 'upcoming');
  assert.equal(await phase(DEMO.visits.over), 'over');
  const social = await visit(DEMO.visits.socialNow);
  assert.ok(social.recorded && social.monitored);
  assert.deepEqual(social.participantIds, ['james', 'luis', 'maria']);
  assert.deepEqual(social.warnings, [300, 60]);
  const privileged = await visit(DEMO.visits.privilegedNow);
  assert.equal(privileged.kind, 'privileged');
  assert.ok(!privileged.recorded && !privileged.monitored && !privileged.requireMonitor);
  assert.ok((await visit(DEMO.visits.monitorRequired)).requireMonitor);
});

test("re-seeding moves the visits to the new start time, keeps other visits and clears the seeded visits' events", async () => {
  await seedDemoData(db, new Date('2026-06-10T14:00:00Z'));
  await db.query(
    "INSERT INTO visits (id, title, kind, facility_id, starts_at, ends_at) VALUES ('extra', 'x', 'social', 'riverside', '2026-06-11T10:00:00Z', '2026-06-11T11:00:00Z') ON CONFLICT DO NOTHING",
  );
  const store = new PostgresVisitStore({ db: db.client });
  const event = (visitId: string) => ({
    id: `seed-${visitId}`,
    visitId,
    at: '2026-06-10T14:01:00.000Z',
    type: 'visit-expired' as const,
  });
  await store.append(event(DEMO.visits.socialNow));
  await store.append(event('extra'));
  const later = new Date('2026-06-12T09:00:00Z');
  await seedDemoData(db, later);
  assert.equal(visitPhase((await findVisit(db, DEMO.visits.socialNow))!, later), 'open');
  assert.ok(await findVisit(db, 'extra'));
  assert.deepEqual(await store.list(DEMO.visits.socialNow), []);
  assert.equal((await store.list('extra')).length, 1);
});

test('every seeded visit is a valid Visitkit visit', async () => {
  await seedDemoData(db, new Date());
  for (const id of Object.values(DEMO.visits)) {
    const result = VisitInputSchema.safeParse(toVisitInput((await findVisit(db, id))!));
    assert.ok(result.success, `${id}: ${result.success ? '' : result.error.message}`);
  }
});
