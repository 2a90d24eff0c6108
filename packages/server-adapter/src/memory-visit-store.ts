import type { VisitEvent, VisitEventOf } from './visit-events.js';
import type { VisitStore } from './visit-store.js';

/**
 * A {@link VisitStore} in process memory: for tests, demos and single-instance portals that keep their
 * ledger elsewhere. Everything is lost on restart.
 *
 * @example
 * const store = new MemoryVisitStore();
 * const handle = createVisitHandler({ livekit, authorize, store });
 */
export class MemoryVisitStore implements VisitStore {
  readonly #events = new Map<string, Map<string, VisitEvent>>();
  readonly #terminations = new Map<string, VisitEventOf<'visit-terminated'>>();

  async append(event: VisitEvent): Promise<void> {
    let visit = this.#events.get(event.visitId);
    if (!visit) {
      visit = new Map();
      this.#events.set(event.visitId, visit);
    }
    if (visit.has(event.id)) return;
    // Frozen copy: later changes to the caller's object cannot rewrite history.
    visit.set(event.id, Object.freeze(JSON.parse(JSON.stringify(event)) as VisitEvent));
    if (event.type === 'visit-terminated' && !this.#terminations.has(event.visitId)) {
      this.#terminations.set(event.visitId, visit.get(event.id) as VisitEventOf<'visit-terminated'>);
    }
  }

  async list(visitId: string): Promise<readonly VisitEvent[]> {
    return [...(this.#events.get(visitId)?.values() ?? [])];
  }

  async termination(visitId: string): Promise<VisitEventOf<'visit-terminated'> | undefined> {
    return this.#terminations.get(visitId);
  }
}
