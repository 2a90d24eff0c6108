import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildLedger, type VisitEvent } from '@visitkit/server-adapter';
import type { Ledger, Role } from '@visitkit/core/protocol';
import { openDatabase } from './database.js';
import { DEMO, seedDemoData } from './seed.js';
import { summarizeLiveVisits } from './staff-overview.js';
import { staffOverviewList } from './staff-overview-view.js';
import { findUser } from './users.js';
import { visitsFor, type ScheduledVisit } from './visits.js';

const NOW = new Date('2026-06-10T14:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
let counter = 0;
const joined = (visitId: string, identity: string, role: Role, when: string, name?: string): VisitEvent => ({
  id: `j${++counter}`,
  type: 'participant-joined',
  visitId,
  at: when,
  participant: { identity, sid: `PA_${identity}`, role, ...(name ? { name } : {}) },
});
const left = (visitId: string, identity: string, role: Role, when: string): VisitEvent => ({
  id: `l${++counter}`,
  type: 'participant-left',
  visitId,
  at: when,
  participant: { identity, sid: `PA_${identity}`, role },
  reason: 'CLIENT_INITIATED',
});

// The seeded schedule as the officer sees it, read once (starting PGlite takes a moment).
let officerVisits: ScheduledVisit[] = [];
before(async () => {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await seedDemoData(db, NOW);
    officerVisits = await visitsFor(db, (await findUser(db, DEMO.officer))!);
  } finally {
    await db.close();
  }
});

function seeded(): ScheduledVisit[] {
  return officerVisits;
}

/** The markup of one visit's card in the overview. */
function cardOf(markup: string, visitId: string): string {
  const start = markup.indexOf(`data-visit="${visitId}"`);
  assert.ok(start >= 0, `no card for ${visitId}`);
  const next = markup.indexOf('<li class="card', start);
  return markup.slice(start, next < 0 ? undefined : next);
}

function ledgers(events: VisitEvent[]): (id: string) => Ledger {
  return (id) => buildLedger(id, events, { now: NOW.getTime() });
}

test('only live visits are listed: open ones and those whose waiting room is open, not later or over', () => {
  const summaries = summarizeLiveVisits(seeded(), ledgers([]), NOW);
  assert.deepEqual(
    summaries.map((s) => s.visit.id).sort(),
    [DEMO.visits.monitorRequired, DEMO.visits.privilegedNow, DEMO.visits.socialNow].sort(),
  );
  const lobby = summarizeLiveVisits(seeded(), ledgers([]), new Date(NOW.getTime() + 175 * 60_000));
  const later = lobby.find((s) => s.visit.id === DEMO.visits.later);
  assert.equal(later?.phase, 'lobby');
  assert.equal(later?.secondsToStart, 300);
});

test('who is connected now and since when comes from the ledger; people who left are not listed', () => {
  const visit = DEMO.visits.socialNow;
  const events = [
    joined(visit, 'james', 'resident', at(-4), 'James Carter'),
    joined(visit, 'maria', 'visitor', at(-3), 'Maria Lopez'),
    joined(visit, 'luis', 'visitor', at(-2), 'Luis Lopez'),
    left(visit, 'luis', 'visitor', at(-1)),
  ];
  const social = summarizeLiveVisits(seeded(), ledgers(events), NOW).find((s) => s.visit.id === visit)!;
  assert.deepEqual(
    social.connected.map((p) => [p.name, p.role, p.since]),
    [
      ['James Carter', 'resident', at(-4)],
      ['Maria Lopez', 'visitor', at(-3)],
    ],
  );
  assert.equal(social.secondsLeft, 55 * 60);
  assert.ok(social.recorded && social.monitored && !social.privileged);
  assert.equal(social.monitorConnected, false);
});

test('a required monitor: waiting for an officer until one is connected', () => {
  const visit = DEMO.visits.monitorRequired;
  const base = [joined(visit, 'james', 'resident', at(-1)), joined(visit, 'luis', 'visitor', at(-1))];
  const waiting = summarizeLiveVisits(seeded(), ledgers(base), NOW).find((s) => s.visit.id === visit)!;
  assert.ok(waiting.requireMonitor && !waiting.monitorConnected);
  assert.match(staffOverviewList([waiting], 'en', 'UTC').value, /Waiting for an officer/);
  const watched = summarizeLiveVisits(
    seeded(),
    ledgers([...base, joined(visit, 'reyes', 'monitor', at(0), 'Officer Dana Reyes')]),
    NOW,
  ).find((s) => s.visit.id === visit)!;
  assert.ok(watched.monitorConnected);
  const markup = staffOverviewList([watched], 'en', 'UTC').value;
  assert.match(markup, /An officer is monitoring/);
  assert.match(markup, /Officer Dana Reyes<\/strong>, officer \(hidden\), since 2:00\s?PM/);
});

test('privileged visits are marked never monitored, not recorded, and offer the ledger but no monitor link', () => {
  const summaries = summarizeLiveVisits(seeded(), ledgers([]), NOW);
  const privileged = summaries.find((s) => s.visit.id === DEMO.visits.privilegedNow)!;
  assert.ok(privileged.privileged && !privileged.monitored && !privileged.recorded && !privileged.requireMonitor);
  const markup = staffOverviewList(summaries, 'en', 'UTC').value;
  const privilegedCard = cardOf(markup, DEMO.visits.privilegedNow);
  assert.match(privilegedCard, /Never monitored/);
  assert.match(privilegedCard, /Not recorded/);
  assert.match(privilegedCard, /href="\/staff\/visits\/privileged-now#ledger"/);
  assert.doesNotMatch(privilegedCard, /href="\/staff\/visits\/privileged-now">/);
  const socialCard = cardOf(markup, DEMO.visits.socialNow);
  assert.match(socialCard, /href="\/staff\/visits\/social-now">Monitor</);
});

test('names are rendered as text: a hostile display name cannot inject markup', () => {
  const visit = DEMO.visits.socialNow;
  const hostile = '<img src=x onerror="alert(1)">&<script>x</script>';
  const summaries = summarizeLiveVisits(seeded(), ledgers([joined(visit, 'x"><b>', 'visitor', at(-1), hostile)]), NOW);
  const markup = staffOverviewList(summaries, 'en', 'UTC').value;
  assert.ok(!markup.includes('<img'), 'no img element');
  assert.ok(!markup.includes('<script'), 'no script element');
  assert.ok(!markup.includes('"><b>'), 'attribute values cannot be closed');
  assert.ok(markup.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&lt;script&gt;x&lt;/script&gt;'));
});

test('nothing live: the overview says so', () => {
  assert.match(staffOverviewList([], 'es', 'UTC').value, /No hay ninguna visita en curso/);
});
