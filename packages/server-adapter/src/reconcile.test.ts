import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParticipantInfo, ParticipantInfo_State } from 'livekit-server-sdk';
import { reconcile } from './reconcile.js';
import { buildLedger } from './ledger.js';
import type { VisitEvent } from './visit-events.js';

const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 10, 0, s)).toISOString();
const joined = (sid: string, identity: string, s: number): VisitEvent => ({
  type: 'participant-joined',
  id: `lk_j_${sid}`,
  visitId: 'v1',
  at: at(s),
  participant: { identity, sid, role: 'visitor' },
});
const left = (sid: string, identity: string, s: number): VisitEvent => ({
  type: 'participant-left',
  id: `lk_l_${sid}`,
  visitId: 'v1',
  at: at(s),
  participant: { identity, sid, role: 'visitor' },
  reason: 'CLIENT_INITIATED',
});
const listed = (sid: string, identity: string, joinedSecond: number, state = ParticipantInfo_State.ACTIVE) =>
  new ParticipantInfo({
    sid,
    identity,
    state,
    joinedAtMs: BigInt(Date.parse(at(joinedSecond))),
    attributes: { 'visitkit.role': 'resident' },
  });

test('reconcile: a lost leave and a lost join become reconciled events with deterministic ids; the rest is left alone', () => {
  const events = [
    joined('PA_gone', 'fam-1', 1),
    joined('PA_here', 'res-1', 2),
    joined('PA_done', 'fam-2', 3),
    left('PA_done', 'fam-2', 4),
  ];
  const now = Date.parse(at(30));
  const corrections = reconcile(
    'v1',
    events,
    [
      listed('PA_here', 'res-1', 2),
      listed('PA_new', 'res-2', 10),
      listed('PA_old', 'x', 5, ParticipantInfo_State.DISCONNECTED),
    ],
    now,
  );
  assert.deepEqual(corrections, [
    {
      type: 'participant-left',
      id: 'reconciled_left_PA_gone',
      visitId: 'v1',
      at: at(1), // never seen listed: its join is the last proof it was there
      participant: { identity: 'fam-1', sid: 'PA_gone', role: 'visitor' },
      reason: 'RECONCILED',
      reconciled: { noticedAt: at(30) },
    },
    {
      type: 'participant-joined',
      id: 'reconciled_joined_PA_new',
      visitId: 'v1',
      at: at(10),
      participant: { identity: 'res-2', sid: 'PA_new', role: 'resident' },
      reconciled: { noticedAt: at(30) },
    },
  ]);
  // Once recorded, the same listing needs no more corrections (idempotent across ticks and instances).
  assert.deepEqual(
    reconcile(
      'v1',
      [...events, ...corrections],
      [listed('PA_here', 'res-1', 2), listed('PA_new', 'res-2', 10)],
      now + 5000,
    ),
    [],
  );
});

test('reconcile: a session that vanished (its LiveKit node died) is gone from when it was last seen, not when noticed', () => {
  const track: VisitEvent = {
    type: 'track-published',
    id: 'lk_t_PA_b',
    visitId: 'v1',
    at: at(5),
    participant: { identity: 'fam-2', sid: 'PA_b', role: 'visitor' },
    track: { sid: 'TR_b', source: 'camera' },
  };
  const events = [joined('PA_a', 'fam-1', 1), joined('PA_b', 'fam-2', 2), track];
  const lastSeen = new Map([['PA_a', Date.parse(at(8))]]);
  const corrections = reconcile('v1', events, [], Date.parse(at(14)), lastSeen);
  assert.deepEqual(
    corrections.map((e) => [e.id, e.at]),
    [
      ['reconciled_left_PA_a_seen', at(8)],
      ['reconciled_left_PA_b', at(5)], // never seen listed by this enforcer: its last event (a track at 5 s)
    ],
  );
});

test('two enforcers, one that saw a vanished session last and one that never did: the ledger keeps the earlier leave', () => {
  const events = [joined('PA_a', 'fam-1', 1), joined('PA_r', 'res-1', 1)];
  const sawIt = reconcile('v1', events, [], Date.parse(at(20)), new Map([['PA_a', Date.parse(at(8))]]));
  const neverDid = reconcile('v1', events, [], Date.parse(at(19)));
  const left = (list: VisitEvent[]) => list.find((e) => e.type === 'participant-left' && e.participant.sid === 'PA_a');
  assert.notEqual(left(sawIt)?.id, left(neverDid)?.id, 'two estimates, two events: neither replaces the other');
  // Whichever the store saved first, the visitor's session ends when it was last seen.
  for (const order of [
    [...neverDid, ...sawIt],
    [...sawIt, ...neverDid],
  ]) {
    const ledger = buildLedger('v1', [...events, ...order]);
    const fam = ledger.participants.find((p) => p.identity === 'fam-1');
    assert.equal(fam?.intervals[0]?.leftAt, at(8));
  }
});
