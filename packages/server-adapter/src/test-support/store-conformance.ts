// The VisitStore contract as one suite, run against every store we ship (memory, PGlite, a real PostgreSQL
// server): idempotency, ordering, termination, two writers at once, purge. Not built (test-support/).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { VisitEvent } from '../visit-events.js';
import type { SeatClaim, VisitStore } from '../visit-store.js';

/** Two stores over the same data (two adapter instances), and how to dispose of them. */
export interface StorePair {
  first: VisitStore & Required<Pick<VisitStore, 'purge' | 'claimSeat'>>;
  second: VisitStore & Required<Pick<VisitStore, 'claimSeat'>>;
  close(): Promise<void>;
}

const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
let visits = 0;
/** A visit id no other test of this run uses (stores may share one database). */
export const freshVisit = (label: string) => `conf-${label}-${process.pid}-${++visits}`;

/** A webhook-like join/leave sequence: ids `e0…`, times spread over `n` seconds, some sharing a second. */
export function sampleEvents(visitId: string, n: number): VisitEvent[] {
  const events: VisitEvent[] = [];
  for (let i = 0; i < n; i += 1) {
    const participant = {
      identity: `person-${i % 7}`,
      sid: `PA_${i}`,
      role: 'visitor' as const,
      name: `Ünïcode “${i % 7}”`,
    };
    const base = { id: `ev-${visitId}-${String(i).padStart(5, '0')}`, visitId, at: at(Math.floor(i / 3)) };
    events.push(
      i % 2 === 0
        ? { ...base, type: 'participant-joined', participant }
        : { ...base, type: 'participant-left', participant, reason: 'CLIENT_INITIATED' },
    );
  }
  return events;
}

/** Fisher–Yates with a seeded generator, so a failure can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function terminated(visitId: string, id: string, seconds: number, reason: string): VisitEvent {
  return {
    id,
    visitId,
    at: at(seconds),
    type: 'visit-terminated',
    staff: { identity: 'reyes', name: 'Officer' },
    reason,
  };
}

/** Property runs per store (each appends up to 40 events, with repeats, in a random order). */
export const PROPERTY_RUNS = 40;

/** Registers the conformance suite for one kind of store. */
export function visitStoreConformance(name: string, open: () => Promise<StorePair>): void {
  describe(`VisitStore conformance: ${name}`, () => {
    let pair: StorePair;
    before(async () => {
      pair = await open();
    });
    after(async () => {
      await pair?.close();
    });

    test('an event comes back as it was appended', async () => {
      const visitId = freshVisit('roundtrip');
      const event: VisitEvent = {
        id: 'consent-1',
        visitId,
        at: at(1),
        type: 'consent-recorded',
        participant: { identity: 'maria', role: 'visitor', name: 'María “Lopez” \u{1F600}' },
        acceptedAt: at(0),
        textSha256: 'a'.repeat(64),
      };
      await pair.first.append(event);
      assert.deepEqual(await pair.first.list(visitId), [event]);
      assert.deepEqual(await pair.first.list(freshVisit('empty')), []);
    });

    test('append is idempotent on the event id (across visits): the first one saved wins', async () => {
      const visitId = freshVisit('idem');
      const [event] = sampleEvents(visitId, 1) as [VisitEvent];
      await pair.first.append(event);
      await pair.first.append(event);
      await pair.second.append({ ...event, at: at(99) });
      assert.deepEqual(await pair.first.list(visitId), [event]);
      // Event ids are unique across visits (LiveKit's, or random): a repeat under another visit is the same event.
      const other = freshVisit('idem-other');
      await pair.first.append({ ...event, visitId: other });
      assert.deepEqual(await pair.first.list(other), []);
    });

    test('list is oldest first (ties by id), whatever order the events were appended in', async () => {
      const visitId = freshVisit('order');
      const events = sampleEvents(visitId, 30);
      for (const event of shuffled(events, 7)) await pair.first.append(event);
      assert.deepEqual(await pair.first.list(visitId), events);
      assert.deepEqual(await pair.second.list(visitId), events);
    });

    test("a visit's list holds its own events only", async () => {
      const a = freshVisit('a');
      const b = freshVisit('b');
      await pair.first.append(sampleEvents(a, 1)[0] as VisitEvent);
      await pair.first.append(sampleEvents(b, 2)[1] as VisitEvent);
      assert.deepEqual(
        (await pair.first.list(a)).map((e) => e.visitId),
        [a],
      );
      assert.deepEqual(
        (await pair.first.list(b)).map((e) => e.visitId),
        [b],
      );
    });

    test('a termination appended by one instance is seen by the other at once; the earliest one counts', async () => {
      const visitId = freshVisit('term');
      assert.equal(await pair.second.termination(visitId), undefined);
      await pair.first.append(sampleEvents(visitId, 1)[0] as VisitEvent);
      assert.equal(await pair.second.termination(visitId), undefined);
      const late = terminated(visitId, 'term-late', 20, 'second officer');
      const early = terminated(visitId, 'term-early', 10, 'first officer');
      await pair.first.append(late);
      assert.deepEqual(await pair.second.termination(visitId), late);
      await pair.second.append(early);
      assert.deepEqual(await pair.first.termination(visitId), early);
      assert.equal(await pair.first.termination(freshVisit('other')), undefined);
    });

    test('two writers appending the same 300 events at once, in different orders: each stored once', async () => {
      const visitId = freshVisit('race');
      const events = sampleEvents(visitId, 300);
      const write = async (store: VisitStore, seed: number) => {
        // A few appends in flight at a time per writer, like concurrent webhook deliveries.
        const queue = shuffled(events, seed);
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let event = queue.shift(); event; event = queue.shift()) await store.append(event);
          }),
        );
      };
      await Promise.all([write(pair.first, 1), write(pair.second, 2)]);
      assert.deepEqual(await pair.first.list(visitId), events);
    });

    test(`any order, with repeats: list is the first-saved copy of each id, by time then id (${PROPERTY_RUNS} runs)`, async () => {
      const arbitraryEvent = fc.record({
        n: fc.integer({ min: 0, max: 24 }),
        second: fc.integer({ min: 0, max: 5 }),
        reason: fc.string({ maxLength: 8 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbitraryEvent, { minLength: 1, maxLength: 40 }),
          fc.boolean(),
          async (drafts, viaSecond) => {
            const visitId = freshVisit('prop');
            const model = new Map<string, VisitEvent>();
            for (const [index, draft] of drafts.entries()) {
              // The same id may come back with other content (a retried, re-stamped delivery): the first one wins.
              const event: VisitEvent = {
                id: `${visitId}-${String(draft.n).padStart(2, '0')}`,
                visitId,
                at: at(draft.second),
                type: 'participant-left',
                participant: { identity: `p-${draft.n % 3}` },
                reason: draft.reason,
              };
              if (!model.has(event.id)) model.set(event.id, event);
              await (viaSecond && index % 2 === 1 ? pair.second : pair.first).append(event);
            }
            const expected = [...model.values()].sort(
              (a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1),
            );
            assert.deepEqual(await pair.first.list(visitId), expected);
          },
        ),
        { numRuns: PROPERTY_RUNS, seed: 20261202 },
      );
    });

    test('the last seats asked for through two instances at the same moment: exactly as many admitted as seats', async () => {
      for (let round = 0; round < 20; round += 1) {
        const visitId = freshVisit('seats-race');
        const claim = (identity: string): SeatClaim => ({
          visitId,
          identity,
          seats: 3,
          present: ['in-room'],
          now: T0,
          holdMs: 30_000,
        });
        const asks = Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? pair.first : pair.second).claimSeat(claim(`visitor-${i}`)),
        );
        const granted = (await Promise.all(asks)).filter(Boolean).length;
        assert.equal(granted, 2, `round ${round}: ${granted} of 8 admitted to the 2 free seats`);
      }
    });

    test('a seat is kept by its holder, counted for people in the room, and freed when an unused hold expires', async () => {
      const visitId = freshVisit('seats');
      const claim = (identity: string, seconds: number, present: string[] = []): SeatClaim => ({
        visitId,
        identity,
        seats: 1,
        present,
        now: T0 + seconds * 1000,
        holdMs: 30_000,
      });
      assert.equal(await pair.first.claimSeat(claim('maria', 0)), true);
      assert.equal(
        await pair.second.claimSeat(claim('luis', 1)),
        false,
        'the seat held for maria (not connected yet) is taken',
      );
      assert.equal(
        await pair.second.claimSeat(claim('maria', 2)),
        true,
        'maria asking again (a rejoin) keeps her seat',
      );
      assert.equal(
        await pair.first.claimSeat(claim('luis', 33)),
        true,
        "maria's hold expired and she is not in the room",
      );
      assert.equal(
        await pair.first.claimSeat(claim('maria', 64, ['luis'])),
        false,
        'luis is in the room: the one seat is his',
      );
      assert.equal(await pair.second.claimSeat(claim('luis', 65, ['luis'])), true);
    });

    test('purge removes whole visits whose newest event is older than the cut-off, and nothing else', async () => {
      const old = freshVisit('old');
      const mixed = freshVisit('mixed');
      const recent = freshVisit('recent');
      const oldEvents = sampleEvents(old, 6);
      for (const event of oldEvents) await pair.first.append(event);
      // `mixed` started long ago but had an event after the cut-off: kept complete, its ledger intact.
      const mixedEvents = [...sampleEvents(mixed, 3), { ...(sampleEvents(mixed, 4)[3] as VisitEvent), at: at(5000) }];
      for (const event of mixedEvents) await pair.first.append(event);
      const recentEvents = sampleEvents(recent, 2).map((e) => ({ ...e, at: at(6000) }));
      for (const event of recentEvents) await pair.first.append(event);
      const cutoff = new Date(T0 + 4000 * 1000);
      const purged = await pair.first.purge(cutoff);
      assert.ok(purged >= 1, `purged ${purged}`);
      assert.deepEqual(await pair.second.list(old), []);
      assert.deepEqual(await pair.second.list(mixed), mixedEvents);
      assert.deepEqual(await pair.second.list(recent), recentEvents);
      assert.equal(await pair.first.purge(cutoff), 0, 'a second purge finds nothing left');
      // Purged means gone: the ids are free again (a very late re-delivery is stored like any new event).
      await pair.second.append(oldEvents[0] as VisitEvent);
      assert.deepEqual(await pair.first.list(old), [oldEvents[0]]);
      await assert.rejects(pair.first.purge(new Date(Number.NaN)), TypeError);
    });
  });
}
