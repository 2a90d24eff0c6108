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
 * - `purge`, when offered, removes whole visits only, so a ledger is either complete or gone.
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
}
