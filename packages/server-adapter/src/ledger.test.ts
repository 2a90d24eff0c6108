import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LedgerSchema, type Role } from '@visitkit/core/protocol';
import { buildLedger } from './ledger.js';
import type { VisitEvent } from './visit-events.js';

const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
let counter = 0;

function join(identity: string, role: Role, sid: string, seconds: number): VisitEvent {
  return {
    type: 'participant-joined',
    id: `j-${sid}`,
    visitId: 'v',
    at: at(seconds),
    participant: { identity, role, sid },
  };
}
function leave(identity: string, role: Role, sid: string, seconds: number, reason = 'CLIENT_INITIATED'): VisitEvent {
  return {
    type: 'participant-left',
    id: `l-${sid}`,
    visitId: 'v',
    at: at(seconds),
    participant: { identity, role, sid },
    reason,
  };
}
function finished(seconds: number, endsAt?: number): VisitEvent {
  return {
    type: 'room-finished',
    id: `f-${(counter += 1)}`,
    visitId: 'v',
    at: at(seconds),
    room: 'vk_x',
    ...(endsAt === undefined ? {} : { endsAt: at(endsAt) }),
  };
}

/** A scripted 2-party visit: resident 0–600 s with a dropout 200–230 s, visitor 60–500 s, monitor 100–300 s. */
const script: VisitEvent[] = [
  join('res', 'resident', 'PA_r1', 0),
  leave('res', 'resident', 'PA_r1', 200, 'CONNECTION_ABORTED'),
  join('res', 'resident', 'PA_r2', 230),
  join('fam', 'visitor', 'PA_v1', 60),
  join('officer', 'monitor', 'PA_m1', 100),
  leave('officer', 'monitor', 'PA_m1', 300),
  leave('fam', 'visitor', 'PA_v1', 500),
  leave('res', 'resident', 'PA_r2', 600),
  finished(660, 1800),
];

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('buildLedger', () => {
  test('intervals per participant, billable time and the end cause of a scripted visit', () => {
    const ledger = LedgerSchema.parse(buildLedger('v', script));
    const byIdentity = Object.fromEntries(ledger.participants.map((p) => [p.identity, p]));
    assert.deepEqual(
      byIdentity.res?.intervals.map((i) => [i.joinedAt, i.leftAt]),
      [
        [at(0), at(200)],
        [at(230), at(600)],
      ],
    );
    assert.equal(byIdentity.res?.connectedSeconds, 570);
    assert.equal(byIdentity.fam?.connectedSeconds, 440);
    assert.equal(byIdentity.officer?.role, 'monitor');
    // Both connected: 60–200 and 230–500 → 140 + 270. The monitor never counts.
    assert.equal(ledger.bothConnectedSeconds, 410);
    assert.deepEqual(ledger.end, { cause: 'user', at: at(500), identity: 'fam' });
    assert.equal(ledger.firstJoinedAt, at(0));
    assert.equal(ledger.eventCount, script.length);
  });

  test('the same ledger for any order and any repetition of the events', () => {
    const expected = buildLedger('v', script);
    for (let seed = 1; seed <= 25; seed += 1) {
      const noisy = shuffled(
        [...script, ...script.slice(0, seed % script.length), script[seed % script.length]!],
        seed,
      );
      assert.deepEqual(buildLedger('v', noisy), expected, `seed ${seed}`);
    }
  });

  test('staff termination wins, with who and why, and appears in the staff actions', () => {
    const events: VisitEvent[] = [
      ...script.slice(0, 4),
      { type: 'visit-warned', id: 'w1', visitId: 'v', at: at(250), staff: { identity: 'officer' }, code: 'language' },
      {
        type: 'visit-terminated',
        id: 't1',
        visitId: 'v',
        at: at(300),
        staff: { identity: 'officer' },
        reason: 'Threats',
      },
      leave('fam', 'visitor', 'PA_v1', 301, 'ROOM_DELETED'),
      leave('res', 'resident', 'PA_r2', 301, 'ROOM_DELETED'),
      finished(302),
    ];
    const ledger = buildLedger('v', events);
    assert.deepEqual(ledger.end, { cause: 'staff', at: at(300), identity: 'officer', reason: 'Threats' });
    assert.deepEqual(
      ledger.staffActions.map((a) => [a.action, a.detail]),
      [
        ['warn', 'language'],
        ['terminate', 'Threats'],
      ],
    );
  });

  test('the automatic time warnings, oldest first, each offset once whichever instance recorded it', () => {
    const warning = (id: string, seconds: number, secondsLeft: number): VisitEvent => ({
      type: 'time-warning',
      id,
      visitId: 'v',
      at: at(seconds),
      secondsLeft,
    });
    const ledger = buildLedger('v', [
      join('res', 'resident', 'PA_r', 0),
      warning('warning_v_60', 1740, 60),
      warning('warning_v_300', 1500, 300),
      // A second record of the same offset (another instance, written a moment later under another id).
      warning('warning_v_300_b', 1501, 300),
    ]);
    assert.deepEqual(ledger.timeWarnings, [
      { at: at(1500), secondsLeft: 300 },
      { at: at(1740), secondsLeft: 60 },
    ]);
    assert.equal(LedgerSchema.safeParse(ledger).success, true);
  });

  test('time-limit from the enforcer, or inferred when the server closed the room at endsAt', () => {
    const expired: VisitEvent = { type: 'visit-expired', id: 'expired_v', visitId: 'v', at: at(1800) };
    const base = [join('res', 'resident', 'PA_r', 0), join('fam', 'visitor', 'PA_v', 10)];
    assert.equal(buildLedger('v', [...base, expired]).end?.cause, 'time-limit');
    const inferred = buildLedger('v', [
      ...base,
      leave('res', 'resident', 'PA_r', 1800, 'ROOM_DELETED'),
      leave('fam', 'visitor', 'PA_v', 1800, 'ROOM_DELETED'),
      finished(1801, 1800),
    ]);
    assert.equal(inferred.end?.cause, 'time-limit');
  });

  test('system end when the room closed for another reason; no end while the visit goes on', () => {
    const base = [join('res', 'resident', 'PA_r', 0), join('fam', 'visitor', 'PA_v', 10)];
    const crashed = buildLedger('v', [
      ...base,
      leave('res', 'resident', 'PA_r', 100, 'SERVER_SHUTDOWN'),
      leave('fam', 'visitor', 'PA_v', 100, 'SERVER_SHUTDOWN'),
      finished(101, 1800),
    ]);
    assert.deepEqual(crashed.end, { cause: 'system', at: at(101), detail: 'SERVER_SHUTDOWN' });
    const ongoing = buildLedger('v', base, { now: T0 + 70_000 });
    assert.equal(ongoing.end, null);
    assert.equal(ongoing.bothConnectedSeconds, 60);
    assert.equal(ongoing.participants[0]?.intervals[0]?.leftAt, null);
    // A rejoin after the room closed (it is recreated) means the visit is not over.
    const resumed = buildLedger('v', [...base, finished(50), join('res', 'resident', 'PA_r3', 60)]);
    assert.equal(resumed.end, null);
  });

  test('a session still open when its room finished is closed at the finish', () => {
    const ledger = buildLedger('v', [
      join('res', 'resident', 'PA_r', 0),
      join('fam', 'visitor', 'PA_v', 0),
      finished(90),
    ]);
    assert.deepEqual(
      ledger.participants.map((p) => p.intervals[0]?.leftAt),
      [at(90), at(90)],
    );
    assert.equal(ledger.bothConnectedSeconds, 90);
  });

  test('ignores other visits and is empty without events', () => {
    const ledger = buildLedger('other', script);
    assert.deepEqual(ledger, {
      visitId: 'other',
      participants: [],
      billableSeconds: 0,
      bothConnectedSeconds: 0,
      unbilled: [],
      firstJoinedAt: null,
      end: null,
      staffActions: [],
      timeWarnings: [],
      eventCount: 0,
    });
  });

  test('a rejoin under the same identity ends the previous session, even when its "left" never came', () => {
    const ledger = buildLedger('v', [
      join('res', 'resident', 'PA_r1', 0),
      join('res', 'resident', 'PA_r2', 100),
      leave('res', 'resident', 'PA_r2', 300),
      join('fam', 'visitor', 'PA_v1', 0),
      leave('fam', 'visitor', 'PA_v1', 300),
    ]);
    const res = ledger.participants.find((p) => p.identity === 'res');
    assert.deepEqual(
      res?.intervals.map((i) => [i.joinedAt, i.leftAt, i.leaveReason]),
      [
        [at(0), at(100), 'DUPLICATE_IDENTITY'],
        [at(100), at(300), 'CLIENT_INITIATED'],
      ],
    );
    assert.equal(res?.connectedSeconds, 300);
    assert.equal(ledger.billableSeconds, 300);
  });
});

const policy = (startsAt: number, endsAt: number, requireMonitor = false) => ({
  visit: { startsAt: at(startsAt), endsAt: at(endsAt), requireMonitor },
});
const reasons = (ledger: { unbilled: { from: string; to: string; reason: string }[] }) =>
  ledger.unbilled.map((u) => [u.reason, u.from, u.to]);

describe('buildLedger billing: only time when media could flow', () => {
  test('nothing before startsAt: the lobby is listed as before-start', () => {
    const ledger = buildLedger('v', [join('res', 'resident', 'PA_r', 0), join('fam', 'visitor', 'PA_v', 30)], {
      now: T0 + 400_000,
      ...policy(100, 1800),
    });
    assert.equal(ledger.billableSeconds, 300);
    assert.equal(ledger.bothConnectedSeconds, 300, 'the old field bills the same');
    assert.deepEqual(reasons(ledger), [['before-start', at(0), at(100)]]);
    assert.equal(ledger.unbilled[0]?.seconds, 100);
  });

  test('requireMonitor: only while a monitor is connected; the rest is waiting-for-monitor', () => {
    // The scripted visit: monitor 100–300, resident away 200–230, visitor 60–500.
    const ledger = buildLedger('v', script, policy(0, 1800, true));
    assert.equal(ledger.billableSeconds, 100 + 70, 'both parties with the monitor: 100–200 and 230–300');
    assert.deepEqual(reasons(ledger), [
      ['one-party-only', at(0), at(60)],
      ['waiting-for-monitor', at(60), at(100)],
      ['one-party-only', at(200), at(230)],
      ['waiting-for-monitor', at(300), at(500)],
      ['one-party-only', at(500), at(600)],
    ]);
    // Without requireMonitor the same events bill every moment both parties were there.
    assert.equal(buildLedger('v', script, policy(0, 1800, false)).billableSeconds, 410);
  });

  test('nothing after a terminate or past endsAt, even when the leave webhooks never came', () => {
    const base = [join('res', 'resident', 'PA_r', 0), join('fam', 'visitor', 'PA_v', 0)];
    const terminate: VisitEvent = {
      type: 'visit-terminated',
      id: 't',
      visitId: 'v',
      at: at(120),
      staff: { identity: 'officer' },
      reason: 'Rules',
    };
    const terminated = buildLedger('v', [...base, terminate], { now: T0 + 200_000, ...policy(0, 1800) });
    assert.equal(terminated.billableSeconds, 120);
    assert.deepEqual(reasons(terminated), [['after-termination', at(120), at(200)]]);
    const overran = buildLedger('v', base, { now: T0 + 700_000, ...policy(0, 600) });
    assert.equal(overran.billableSeconds, 600);
    assert.deepEqual(reasons(overran), [['after-end', at(600), at(700)]]);
  });

  test('billable plus unbilled covers exactly the time any party was connected', () => {
    const ledger = buildLedger('v', script, policy(30, 550, true));
    const unbilled = ledger.unbilled.reduce((sum, u) => sum + u.seconds, 0);
    assert.equal(ledger.billableSeconds + unbilled, 600, 'the resident or the visitor was there 0–600');
    assert.deepEqual(reasons(ledger)[0], ['before-start', at(0), at(30)]);
    assert.deepEqual(reasons(ledger).at(-1), ['after-end', at(550), at(600)]);
  });
});

describe('buildLedger consents', () => {
  const sha = (c: string) => c.repeat(64);
  const consent = (
    id: string,
    identity: string,
    role: Role,
    recorded: number,
    accepted: number,
    textSha256?: string,
  ): VisitEvent => ({
    type: 'consent-recorded',
    id,
    visitId: 'v',
    at: at(recorded),
    participant: { identity, role },
    acceptedAt: at(accepted),
    ...(textSha256 ? { textSha256 } : {}),
  });

  test('every consent per participant, repeats (token refreshes) once at their first recording', () => {
    const events = [
      ...script,
      consent('c1', 'res', 'resident', -5, -6, sha('a')),
      consent('c2', 'res', 'resident', 225, -6, sha('a')),
      consent('c3', 'res', 'resident', 229, 228, sha('b')),
      consent('c4', 'fam', 'visitor', 55, 50),
      consent('c5', 'never-came', 'visitor', 10, 9, sha('a')),
    ];
    const ledger = LedgerSchema.parse(buildLedger('v', events));
    const byIdentity = Object.fromEntries(ledger.participants.map((p) => [p.identity, p]));
    assert.deepEqual(byIdentity.res?.consents, [
      { acceptedAt: at(-6), recordedAt: at(-5), textSha256: sha('a') },
      { acceptedAt: at(228), recordedAt: at(229), textSha256: sha('b') },
    ]);
    assert.deepEqual(byIdentity.fam?.consents, [{ acceptedAt: at(50), recordedAt: at(55) }]);
    assert.deepEqual(byIdentity.officer?.consents, []);
    assert.deepEqual(byIdentity['never-came'], {
      identity: 'never-came',
      role: 'visitor',
      intervals: [],
      connectedSeconds: 0,
      consents: [{ acceptedAt: at(9), recordedAt: at(10), textSha256: sha('a') }],
    });
    for (let seed = 1; seed <= 10; seed += 1)
      assert.deepEqual(buildLedger('v', shuffled(events, seed)), buildLedger('v', events));
  });
});

describe('the end without waiting for LiveKit', () => {
  test('is recorded when the last party leaves, before room_finished; a party joining again reopens it', () => {
    const twoParties = script.filter((e) => e.type !== 'room-finished');
    const ended = buildLedger('v', twoParties, { visit: { startsAt: at(0), endsAt: at(1800), requireMonitor: false } });
    // Everyone has left by 600 s; the room has not finished yet (LiveKit keeps it ~60 s). As with a finished room, the
    // end is the leave that broke the visit: the visitor hanging up at 500 s.
    assert.deepEqual(ended.end, { cause: 'user', at: at(500), identity: 'fam' });
    assert.deepEqual(buildLedger('v', script).end, ended.end, 'room_finished later changes nothing');
    const rejoined = buildLedger('v', [...twoParties, join('fam', 'visitor', 'PA_v2', 620)]);
    assert.equal(rejoined.end, null, 'someone is back: the visit goes on');
    const monitorStays = buildLedger('v', [...twoParties, join('officer', 'monitor', 'PA_m2', 550)]);
    assert.equal(monitorStays.end?.cause, 'user', 'a monitor still watching does not keep a visit open');
    const atTheEnd = buildLedger('v', [join('res', 'resident', 'PA_t', 0), leave('res', 'resident', 'PA_t', 1799)], {
      visit: { startsAt: at(0), endsAt: at(1800), requireMonitor: false },
    });
    assert.equal(atTheEnd.end?.cause, 'time-limit', 'a client leaving as its countdown runs out is the time limit');
    const dropped = buildLedger('v', [
      join('res', 'resident', 'PA_a', 0),
      leave('res', 'resident', 'PA_a', 90, 'CONNECTION_ABORTED'),
    ]);
    assert.deepEqual(dropped.end, { cause: 'system', at: at(90), detail: 'CONNECTION_ABORTED' });
  });
});

describe('ledger of a privileged visit', () => {
  const policy = { startsAt: at(0), endsAt: at(3600), kind: 'privileged' as const };

  test('records end-to-end encryption and that no monitor or recorder was admitted', () => {
    const ledger = buildLedger('v', [join('res', 'resident', 'PA_r', 0), join('att', 'attorney', 'PA_a', 10)], {
      visit: policy,
    });
    assert.deepEqual(ledger.privileged, { e2ee: true, monitorAdmitted: false, recorderAdmitted: false });
    LedgerSchema.parse(ledger);
  });

  test('a monitor, or anyone without a Visitkit role (egress, a token minted with the API key), is on record', () => {
    const rogue: VisitEvent = {
      type: 'participant-joined',
      id: 'j-x',
      visitId: 'v',
      at: at(20),
      participant: { identity: 'EG_1', sid: 'PA_x' },
    };
    const ledger = buildLedger(
      'v',
      [join('res', 'resident', 'PA_r', 0), rogue, join('officer', 'monitor', 'PA_m', 30)],
      { visit: policy },
    );
    assert.deepEqual(ledger.privileged, { e2ee: true, monitorAdmitted: true, recorderAdmitted: true });
  });

  test('social visits carry no privacy record', () => {
    const ledger = buildLedger('v', [join('res', 'resident', 'PA_r', 0)], { visit: { ...policy, kind: 'social' } });
    assert.equal(ledger.privileged, undefined);
  });
});
