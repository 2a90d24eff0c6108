import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LedgerSchema } from '@visitkit/core/protocol';
import { buildLedger, type VisitEvent } from '@visitkit/server-adapter';
import { familyLedger } from './family-ledger.js';

const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const officer = { identity: 'officer-diaz', name: 'Officer Diaz' };

test('a family member sees billing, warnings and the end, but not hidden officers, who acted, or others’ consents', () => {
  const events: VisitEvent[] = [
    {
      type: 'participant-joined',
      id: 'j1',
      visitId: 'v',
      at: at(0),
      participant: { identity: 'res', sid: 'PA_r', role: 'resident', name: 'Luis' },
    },
    {
      type: 'participant-joined',
      id: 'j2',
      visitId: 'v',
      at: at(10),
      participant: { identity: 'fam', sid: 'PA_f', role: 'visitor', name: 'Ana' },
    },
    {
      type: 'participant-joined',
      id: 'j3',
      visitId: 'v',
      at: at(20),
      participant: { identity: 'officer-diaz', sid: 'PA_o', role: 'monitor' },
    },
    {
      type: 'consent-recorded',
      id: 'c1',
      visitId: 'v',
      at: at(9),
      participant: { identity: 'fam', role: 'visitor' },
      acceptedAt: at(9),
    },
    {
      type: 'consent-recorded',
      id: 'c2',
      visitId: 'v',
      at: at(-1),
      participant: { identity: 'res', role: 'resident' },
      acceptedAt: at(-1),
    },
    {
      type: 'visit-warned',
      id: 'w1',
      visitId: 'v',
      at: at(60),
      staff: officer,
      code: 'language',
      message: 'Mind your language.',
    },
    { type: 'visit-terminated', id: 't1', visitId: 'v', at: at(120), staff: officer, reason: 'Rules broken' },
  ];
  const full = buildLedger('v', events, { now: T0 + 130_000, visit: { startsAt: at(0), endsAt: at(1800) } });
  const seen = familyLedger(full, 'fam');
  assert.equal(LedgerSchema.safeParse(seen).success, true, 'still a ledger the timeline accepts');
  assert.deepEqual(
    seen.participants.map((p) => p.identity),
    ['res', 'fam'],
  );
  assert.equal(seen.billableSeconds, full.billableSeconds);
  assert.deepEqual(seen.unbilled, full.unbilled);
  assert.equal(seen.participants.find((p) => p.identity === 'fam')?.consents.length, 1);
  assert.equal(seen.participants.find((p) => p.identity === 'res')?.consents.length, 0);
  assert.deepEqual(
    seen.staffActions.map((a) => [a.action, a.staff]),
    [
      ['warn', ''],
      ['terminate', ''],
    ],
  );
  assert.equal(seen.staffActions[1]?.detail, 'Rules broken', 'the reason was shared with the participants');
  assert.deepEqual(seen.end && { ...seen.end }, { cause: 'staff', at: at(120), identity: '', reason: 'Rules broken' });
  assert.ok(!/officer-diaz|Diaz/.test(JSON.stringify(seen)), 'no trace of the officer');
});
