import type { VisitEvent, VisitEventOf } from './visit-events.js';

/**
 * Where the adapter keeps each visit's events (the ledger is computed from them). Portals plug in their
 * own database; {@link MemoryVisitStore} is for tests and single-process demos.
 *
 * Implementations must make `append` idempotent on `event.id` (a webhook may be delivered twice) and
 * must reject (throw) when they could not save, so the webhook is answered with 5xx and retried.
 *
 * @example
 * const store: VisitStore = {
 *   append: async (event) => db.run('INSERT OR IGNORE INTO visit_events VALUES (?, ?, ?, ?)',
 *     event.id, event.visitId, event.type, JSON.stringify(event)),
 *   list: async (visitId) => db.all('SELECT json FROM visit_events WHERE visit_id = ?', visitId)
 *     .map((row) => JSON.parse(row.json)),
 *   termination: async (visitId) => { … the first 'visit-terminated' event of the visit … },
 * };
 */
export interface VisitStore {
  /** Saves an event; saving an id that is already there does nothing. */
  append(event: VisitEvent): Promise<void>;
  /** Every saved event of a visit, in any order. */
  list(visitId: string): Promise<readonly VisitEvent[]>;
  /** The visit's `visit-terminated` event, if staff terminated it (checked on every token request). */
  termination(visitId: string): Promise<VisitEventOf<'visit-terminated'> | undefined>;
}
