import type { VisitEvent, VisitEventOf } from './visit-events.js';

/**
 * Where the adapter keeps each visit's events (the ledger is computed from them). Portals plug in their
 * own database: {@link PostgresVisitStore} (`@visitkit/server-adapter/postgres`) for PostgreSQL or PGlite,
 * {@link MemoryVisitStore} for tests and single-process demos, or their own implementation.
 *
 * The contract (the store conformance suite checks it on every store shipped here):
 * - `append` is idempotent on `event.id` (ids are unique across visits): a webhook delivered twice, or to two adapter instances at once,
 *   is one event (the first one saved wins);
 * - `append` rejects when it could not save — the adapter then answers 5xx (webhooks: LiveKit retries) or
 *   `503 store-unavailable` (token requests); throw a `VisitStoreError` to say why;
 * - `list` returns a visit's events oldest first (`at`, ties by `id`), the same order whatever order they
 *   were appended in, so every instance computes the same ledger;
 * - `termination` sees a `visit-terminated` event as soon as any instance appended it (no caching);
 * - `purge`, when offered, removes whole visits only, so a ledger is either complete or gone;
 * - `claimSeat`, when offered, is atomic across every instance sharing the store: of two callers asking for the
 *   last seat at the same moment, exactly one gets it. Without it, capacity holds only within one process.
 *
 * @example
 * const store: VisitStore = {
 *   append: async (event) => db.insertIgnoringDuplicateId('visit_events', event),
 *   list: async (visitId) => db.select('visit_events', { visitId }, { orderBy: ['at', 'id'] }),
 *   termination: async (visitId) => (await store.list(visitId)).find((e) => e.type === 'visit-terminated'),
 * };
 */
export interface VisitStore {
  /** Saves an event; saving an id that is already there does nothing. */
  append(event: VisitEvent): Promise<void>;
  /** Every saved event of a visit, oldest first (by `at`, then `id`). */
  list(visitId: string): Promise<readonly VisitEvent[]>;
  /** The visit's first `visit-terminated` event, if staff terminated it (checked on every token request). */
  termination(visitId: string): Promise<VisitEventOf<'visit-terminated'> | undefined>;
  /**
   * Optional retention: removes every visit whose newest event is older than `before` (all its events),
   * resolving with the number of visits removed. The adapter never calls it; the portal schedules it.
   */
  purge?(before: Date): Promise<number>;
  /**
   * Admission to a visit with limited seats (visitors, attorneys), atomic across every instance sharing the
   * store. The seats taken are those of the people LiveKit reports in the room (`present`) and of everyone
   * admitted less than `holdMs` ago who may not have connected yet. Resolves true — and holds a seat for
   * `claim.identity` until `now + holdMs` — when that identity already has one or a seat is free; false when
   * the visit is full. The token route calls it for every visitor and attorney.
   */
  claimSeat?(claim: SeatClaim): Promise<boolean>;
}

/** One request for a seat in a visit; see {@link VisitStore.claimSeat}. */
export interface SeatClaim {
  readonly visitId: string;
  /** Who asks (the LiveKit identity); someone already holding a seat keeps it (a rejoin, a token refresh). */
  readonly identity: string;
  /** How many seats the visit has (`maxVisitors`; 1 for an attorney's privileged visit). */
  readonly seats: number;
  /** Identities LiveKit reports in the room holding a seat (visitors, attorneys), the caller included or not. */
  readonly present: readonly string[];
  /** The adapter's clock (ms since the epoch): claims older than `holdMs` have expired. */
  readonly now: number;
  /** How long a seat is held for someone admitted who has not shown up in LiveKit's list yet. */
  readonly holdMs: number;
}
