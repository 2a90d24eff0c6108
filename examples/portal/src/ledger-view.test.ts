import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLedger, type VisitEvent } from '@visitkit/server-adapter';
import { ledgerView } from './ledger-view.js';

const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

test('the staff ledger view shows billable time, each unbilled stretch with why, and each consent', () => {
  const events: VisitEvent[] = [
    {
      type: 'participant-joined',
      id: 'j1',
      visitId: 'v',
      at: at(-120),
      participant: { identity: 'res', sid: 'PA_r', role: 'resident', name: 'Luis' },
    },
    {
      type: 'participant-joined',
      id: 'j2',
      visitId: 'v',
      at: at(-60),
      participant: { identity: 'fam', sid: 'PA_f', role: 'visitor', name: '<b>Ana</b>' },
    },
    {
      type: 'participant-joined',
      id: 'j3',
      visitId: 'v',
      at: at(60),
      participant: { identity: 'officer', sid: 'PA_o', role: 'monitor' },
    },
    {
      type: 'consent-recorded',
      id: 'c1',
      visitId: 'v',
      at: at(-61),
      participant: { identity: 'fam', role: 'visitor' },
      acceptedAt: at(-62),
      textSha256: 'ab'.repeat(32),
    },
  ];
  const visit = { startsAt: at(0), endsAt: at(1800), requireMonitor: true };
  const page = String(ledgerView(buildLedger('v', events, { now: T0 + 300_000, visit }), 'en', 'UTC'));
  assert.match(page, /data-testid="both-connected">4 min 00 s</);
  assert.match(page, /data-testid="unbilled-total">3 min 00 s</);
  assert.match(page, /<tr data-reason="before-start">.*before the start time \(waiting room\)/);
  assert.match(page, /<tr data-reason="waiting-for-monitor">.*1 min 00 s.*waiting for an officer to monitor/);
  assert.match(page, /data-testid="consent">9:58:58 AM <code title="SHA-256 of the rules text">abababababab…<\/code>/);
  assert.ok(page.includes('&lt;b&gt;Ana&lt;/b&gt;') && !page.includes('<b>Ana</b>'), 'names are text');
});
