import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VisitInputSchema } from '@visitkit/core/protocol';
import { openDatabase } from './database.js';
import { DEMO, seedDemoData } from './seed.js';
import { findVisit, toVisitInput, visitPhase } from './visits.js';
import { listUsers } from './users.js';

test('the demo has a resident, two family members, an attorney and an officer', () => {
  const db = openDatabase(':memory:');
  seedDemoData(db, new Date());
  const kinds = listUsers(db).map((u) => u.kind).sort();
  assert.deepEqual(kinds, ['attorney', 'family', 'family', 'officer', 'resident']);
});

test('seeded visits are open now, later today, over, privileged and monitor-required relative to the start time', () => {
  const db = openDatabase(':memory:');
  const now = new Date('2026-06-10T14:00:00Z');
  seedDemoData(db, now);
  const phase = (id: string) => visitPhase(findVisit(db, id)!, now);
  assert.equal(phase(DEMO.visits.socialNow), 'open');
  assert.equal(phase(DEMO.visits.privilegedNow), 'open');
  assert.equal(phase(DEMO.visits.monitorRequired), 'open');
  assert.equal(phase(DEMO.visits.later), 'upcoming');
  assert.equal(phase(DEMO.visits.over), 'over');
  const social = findVisit(db, DEMO.visits.socialNow)!;
  assert.ok(social.recorded && social.monitored);
  const privileged = findVisit(db, DEMO.visits.privilegedNow)!;
  assert.equal(privileged.kind, 'privileged');
  assert.ok(!privileged.recorded && !privileged.monitored && !privileged.requireMonitor);
  assert.ok(findVisit(db, DEMO.visits.monitorRequired)!.requireMonitor);
});

test('re-seeding moves the visits to the new start time and keeps other visits', () => {
  const db = openDatabase(':memory:');
  seedDemoData(db, new Date('2026-06-10T14:00:00Z'));
  db.prepare("INSERT INTO visits (id, title, kind, facility_id, starts_at, ends_at) VALUES ('extra', 'x', 'social', 'riverside', '2026-06-11T10:00:00Z', '2026-06-11T11:00:00Z')").run();
  const later = new Date('2026-06-12T09:00:00Z');
  seedDemoData(db, later);
  assert.equal(visitPhase(findVisit(db, DEMO.visits.socialNow)!, later), 'open');
  assert.ok(findVisit(db, 'extra'));
});

test('every seeded visit is a valid Visitkit visit', () => {
  const db = openDatabase(':memory:');
  seedDemoData(db, new Date());
  for (const id of Object.values(DEMO.visits)) {
    const result = VisitInputSchema.safeParse(toVisitInput(findVisit(db, id)!));
    assert.ok(result.success, `${id}: ${result.success ? '' : result.error.message}`);
  }
});
