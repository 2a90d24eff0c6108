import type { VisitEvent, VisitEventOf } from './visit-events.js';
import type { SeatClaim, VisitStore } from './visit-store.js';

/**
 * A {@link VisitStore} in process memory: for tests, demos and single-instance portals that keep their
 * ledger elsewhere. Everything is lost on restart; several adapter instances need a shared store
 * (`PostgresVisitStore` in `@visitkit/server-adapter/postgres`).
 *
 * @example
 * const store = new MemoryVisitStore();
 * const handle = createVisitHandler({ livekit, authorize, store });
 */
export class MemoryVisitStore implements VisitStore {
  readonly #events = new Map<string, Map<string, VisitEvent>>();
  /** Every saved id: ids are unique across visits, like a database's primary key. */
  readonly #ids = new Set<string>();
  /** Each visit's earliest terminate, kept on append: `termination` runs on every token request. */
  readonly #terminations = new Map<string, VisitEventOf<'visit-terminated'>>();
  /** Per visit: identity → until when its seat is held (ms). */
  readonly #seats = new Map<string, Map<string, number>>();

  async append(event: VisitEvent): Promise<void> {
    if (this.#ids.has(event.id)) return;
    let visit = this.#events.get(event.visitId);
    if (!visit) {
      visit = new Map();
      this.#events.set(event.visitId, visit);
    }
    this.#ids.add(event.id);
    // Frozen copy: later changes to the caller's object cannot rewrite history.
    const saved = Object.freeze(JSON.parse(JSON.stringify(event)) as VisitEvent);
    visit.set(event.id, saved);
    if (saved.type === 'visit-terminated') {
      const known = this.#terminations.get(saved.visitId);
      if (!known || byTimeThenId(saved, known) < 0) this.#terminations.set(saved.visitId, saved);
    }
  }

  async list(visitId: string): Promise<readonly VisitEvent[]> {
    return [...(this.#events.get(visitId)?.values() ?? [])].sort(byTimeThenId);
  }

  async termination(visitId: string): Promise<VisitEventOf<'visit-terminated'> | undefined> {
    return this.#terminations.get(visitId);
  }

  /** Synchronous from the check to the hold: one process cannot interleave two claims. */
  async claimSeat(claim: SeatClaim): Promise<boolean> {
    const held = this.#seats.get(claim.visitId) ?? new Map<string, number>();
    for (const [identity, until] of held) if (until <= claim.now) held.delete(identity);
    const taken = new Set([...claim.present, ...held.keys()]);
    taken.delete(claim.identity);
    if (taken.size >= claim.seats) return false;
    held.set(claim.identity, Math.max(held.get(claim.identity) ?? 0, claim.now + claim.holdMs));
    this.#seats.set(claim.visitId, held);
    return true;
  }

  /** Removes every visit whose newest event is older than `before`; resolves with how many. */
  async purge(before: Date): Promise<number> {
    if (!(before instanceof Date) || Number.isNaN(before.getTime())) throw new TypeError('before must be a valid Date');
    let purged = 0;
    for (const [visitId, events] of this.#events) {
      const newest = Math.max(...[...events.values()].map((event) => Date.parse(event.at)));
      if (newest < before.getTime()) {
        for (const id of events.keys()) this.#ids.delete(id);
        this.#events.delete(visitId);
        this.#terminations.delete(visitId);
        this.#seats.delete(visitId);
        purged += 1;
      }
    }
    return purged;
  }
}

/** The order every store lists in: by time, then by id (code-unit order, like PostgreSQL's "C" collation). */
function byTimeThenId(a: VisitEvent, b: VisitEvent): number {
  return Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
