// Ledger invariants as properties (fast-check): for arbitrary webhook histories — shuffled, duplicated,
// truncated, late — the ledger stays well-formed and never bills more than could have happened.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LedgerSchema, type Ledger, type Role } from '@visitkit/core/protocol';
import { buildLedger, type LedgerOptions } from './ledger.js';
import type { VisitEvent } from './visit-events.js';

/** Runs per property. */
const NUM_RUNS = { invariants: 1000, independence: 500 };

const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const SPAN_MS = 1_200_000; // 20 minutes of history
const at = (ms: number) => new Date(T0 + ms).toISOString();

const PEOPLE: Record<string, Role> = {
  res: 'resident',
  v1: 'visitor',
  v2: 'visitor',
  att: 'attorney',
  m1: 'monitor',
  m2: 'monitor',
};
const REASONS = ['CLIENT_INITIATED', 'CONNECTION_ABORTED', 'DUPLICATE_IDENTITY', 'PARTICIPANT_REMOVED', 'ROOM_DELETED'];
const sha = (c: string) => c.repeat(64);

const offset = fc.integer({ min: 0, max: SPAN_MS });
// The resident and a visitor come up more often, so that many histories have something to bill.
const person = fc.constantFrom('res', 'res', 'res', 'v1', 'v1', 'v2', 'att', 'm1', 'm1', 'm2');
const ref = (identity: string, session: number) => ({
  identity,
  role: PEOPLE[identity]!,
  sid: `PA_${identity}_${session}`,
});

/**
 * A connection (one LiveKit session) and its webhooks: usually both, sometimes the "left" is lost (still
 * connected, or LiveKit never told), rarely only the "left" arrives. Sessions of one person may overlap
 * (a rejoin from another tab) and a "left" may carry an earlier time than its "joined" (clock skew).
 */
const connection = fc.record({
  who: person,
  session: fc.nat(2),
  start: offset,
  length: fc.integer({ min: -5_000, max: SPAN_MS / 2 }),
  webhooks: fc.constantFrom('both', 'both', 'both', 'both', 'joined', 'left'),
  reason: fc.constantFrom(...REASONS),
});

/** Any other event, without its id (ids are given by position, so every event is distinct). */
const otherEvent = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('finished'), t: offset, endsAt: fc.option(offset, { nil: undefined }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('terminated'), t: offset }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expired'), t: offset }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('warned'), t: offset }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('consent'),
      who: person,
      t: offset,
      accepted: offset,
      text: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    }),
  },
);
type Connection = typeof connection extends fc.Arbitrary<infer C> ? C : never;
type Other = typeof otherEvent extends fc.Arbitrary<infer B> ? B : never;

function connectionEvents(c: Connection, index: number): VisitEvent[] {
  const participant = ref(c.who, c.session);
  const joined: VisitEvent = {
    type: 'participant-joined',
    id: `EV_j${index}`,
    visitId: 'v',
    at: at(c.start),
    participant,
  };
  const left: VisitEvent = {
    type: 'participant-left',
    id: `EV_l${index}`,
    visitId: 'v',
    at: at(Math.max(0, c.start + c.length)),
    participant,
    reason: c.reason,
  };
  return c.webhooks === 'both' ? [joined, left] : c.webhooks === 'joined' ? [joined] : [left];
}

function toEvent(body: Other, index: number): VisitEvent {
  const base = { id: `EV_o${index}`, visitId: 'v', at: at(body.t) };
  switch (body.kind) {
    case 'finished':
      return {
        ...base,
        type: 'room-finished',
        room: 'vk_x',
        ...(body.endsAt === undefined ? {} : { endsAt: at(body.endsAt) }),
      };
    case 'terminated':
      return { ...base, type: 'visit-terminated', staff: { identity: 'm1' }, reason: 'Rules' };
    case 'expired':
      return { ...base, type: 'visit-expired' };
    case 'warned':
      return { ...base, type: 'visit-warned', staff: { identity: 'm1' }, code: 'conduct' };
    case 'consent':
      return {
        ...base,
        type: 'consent-recorded',
        participant: { identity: body.who, role: PEOPLE[body.who]! },
        acceptedAt: at(body.accepted),
        ...(body.text === undefined ? {} : { textSha256: sha(body.text) }),
      };
    default: {
      const unreachable: never = body;
      throw new TypeError(`unknown ${String(unreachable)}`);
    }
  }
}

/** A visit's history in time order (as a store lists it); the properties reorder it themselves. */
const history = fc
  .tuple(fc.array(connection, { minLength: 2, maxLength: 14 }), fc.array(otherEvent, { maxLength: 4 }))
  .map(([connections, others]) =>
    [...connections.flatMap(connectionEvents), ...others.map(toEvent)].sort(
      (a, b) => Date.parse(a.at) - Date.parse(b.at),
    ),
  );
const visitPolicy = fc.option(
  fc
    .record({
      start: fc.integer({ min: 0, max: SPAN_MS / 2 }),
      length: fc.integer({ min: 1, max: SPAN_MS }),
      requireMonitor: fc.boolean(),
    })
    .map(({ start, length, requireMonitor }) => ({ startsAt: at(start), endsAt: at(start + length), requireMonitor })),
  { nil: undefined },
);
const options = fc.record({
  visit: visitPolicy,
  now: fc.option(
    offset.map((ms) => T0 + ms),
    { nil: undefined },
  ),
});

/** Total length of a set of [start, end) stretches, overlaps counted once. */
function unionMs(stretches: [number, number][]): number {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of [...stretches].sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

const ms = (iso: string) => Date.parse(iso);
const close = (a: number, b: number) => Math.abs(a - b) < 1e-6;

function checkInvariants(ledger: Ledger, events: readonly VisitEvent[], opts: LedgerOptions): void {
  LedgerSchema.parse(ledger);
  const asOf = opts.now ?? Math.max(0, ...events.map((e) => ms(e.at)));
  const stretchesOf = (roles: Role[]) =>
    ledger.participants
      .filter((p) => p.role !== undefined && roles.includes(p.role))
      .flatMap((p) =>
        p.intervals.map((i): [number, number] => [
          ms(i.joinedAt),
          i.leftAt === null ? Math.max(asOf, ms(i.joinedAt)) : ms(i.leftAt),
        ]),
      );

  for (const p of ledger.participants) {
    const own = p.intervals.map((i): [number, number | null] => [
      ms(i.joinedAt),
      i.leftAt === null ? null : ms(i.leftAt),
    ]);
    for (const [joined, left] of own) assert.ok(left === null || left >= joined, `negative interval of ${p.identity}`);
    for (let i = 1; i < own.length; i += 1) {
      const previous = own[i - 1]!;
      assert.ok(own[i]![0] >= previous[0], `intervals of ${p.identity} in time order`);
      assert.ok(previous[1] !== null && previous[1] <= own[i]![0], `overlapping intervals of ${p.identity}`);
    }
    assert.ok(p.connectedSeconds >= 0);
  }

  let reach = -Infinity;
  for (const u of ledger.unbilled) {
    assert.ok(ms(u.to) > ms(u.from), 'an unbilled stretch has a length');
    assert.ok(ms(u.from) >= reach, 'unbilled stretches do not overlap');
    assert.ok(close(u.seconds, (ms(u.to) - ms(u.from)) / 1000));
    reach = ms(u.to);
  }

  const billedMs = ledger.billableSeconds * 1000;
  const all = stretchesOf(['resident', 'visitor', 'attorney', 'monitor']);
  const wallMs = all.length === 0 ? 0 : Math.max(...all.map((s) => s[1])) - Math.min(...all.map((s) => s[0]));
  assert.ok(billedMs <= wallMs + 1e-6, `billed ${billedMs} ms > wall time ${wallMs} ms`);
  const resident = ledger.participants.find((p) => p.role === 'resident')?.connectedSeconds ?? 0;
  const others = ledger.participants
    .filter((p) => p.role === 'visitor' || p.role === 'attorney')
    .reduce((sum, p) => sum + p.connectedSeconds, 0);
  assert.ok(ledger.billableSeconds <= resident + 1e-6, 'billed more than the resident was connected');
  assert.ok(ledger.billableSeconds <= others + 1e-6, 'billed more than the visitors were connected');
  assert.equal(ledger.bothConnectedSeconds, ledger.billableSeconds);

  // Every moment a party was connected is either billed or listed as unbilled, never both.
  const partyMs = unionMs(stretchesOf(['resident', 'visitor', 'attorney']));
  const unbilledMs = ledger.unbilled.reduce((sum, u) => sum + (ms(u.to) - ms(u.from)), 0);
  assert.ok(
    close(billedMs + unbilledMs, partyMs),
    `billed ${billedMs} + unbilled ${unbilledMs} ≠ party time ${partyMs}`,
  );

  if (opts.visit) {
    const startsAt = ms(opts.visit.startsAt as string);
    const endsAt = ms(opts.visit.endsAt as string);
    assert.ok(billedMs <= Math.max(0, endsAt - startsAt) + 1e-6, 'billed more than the scheduled visit');
    const monitors = stretchesOf(['monitor']);
    if (opts.visit.requireMonitor && monitors.length === 0)
      assert.equal(ledger.billableSeconds, 0, 'billed without any monitor');
  }
  const termination = events.filter((e) => e.type === 'visit-terminated').map((e) => ms(e.at));
  if (termination.length > 0) {
    const parties = stretchesOf(['resident', 'visitor', 'attorney']).map(([s, e]): [number, number] => [
      s,
      Math.min(e, Math.max(s, Math.min(...termination))),
    ]);
    assert.ok(billedMs <= unionMs(parties) + 1e-6, 'billed after the termination');
  }
}

describe('buildLedger properties (fast-check)', () => {
  test(`invariants hold for any history, also truncated (${NUM_RUNS.invariants} runs)`, () => {
    fc.assert(
      fc.property(history, options, fc.nat(), (events, opts, cut) => {
        const truncated = events.slice(0, events.length === 0 ? 0 : cut % (events.length + 1));
        for (const sample of [events, truncated]) checkInvariants(buildLedger('v', sample, opts), sample, opts);
      }),
      { numRuns: NUM_RUNS.invariants },
    );
  });

  test(`the same ledger for any order, repetition and lateness of the events (${NUM_RUNS.independence} runs)`, () => {
    const noisy = history.chain((events) =>
      fc.record({
        events: fc.constant(events),
        // Re-deliveries (a duplicate keeps its id: it is the same event), then any arrival order.
        delivered: fc
          .array(fc.nat(Math.max(0, events.length - 1)), { maxLength: events.length === 0 ? 0 : 20 })
          .chain((repeats) =>
            fc.shuffledSubarray([...events, ...repeats.map((i) => events[i]!)], {
              minLength: events.length + repeats.length,
            }),
          ),
        // Events of another visit mixed in are ignored.
        foreign:
          events.length === 0
            ? fc.constant([])
            : fc.array(fc.constantFrom(...events.map((e) => ({ ...e, id: `other_${e.id}`, visitId: 'w' }))), {
                maxLength: 5,
              }),
      }),
    );
    fc.assert(
      fc.property(noisy, options, ({ events, delivered, foreign }, opts) => {
        assert.deepEqual(buildLedger('v', [...delivered, ...foreign], opts), buildLedger('v', events, opts));
      }),
      { numRuns: NUM_RUNS.independence },
    );
  });
});
