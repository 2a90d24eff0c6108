import type { VisitEvent, VisitStore } from '@visitkit/server-adapter';
import type { PortalDatabase } from './database.js';

type TerminationEvent = Extract<VisitEvent, { type: 'visit-terminated' }>;

/**
 * Visitkit's {@link VisitStore} over the portal's SQLite database: one row per event, keyed by the event id,
 * so a webhook delivered twice is stored once. better-sqlite3 throws when it cannot write, which makes the
 * adapter answer the webhook with 5xx so LiveKit retries.
 *
 * @example
 * const handle = createVisitHandler({ livekit, authorize, store: new SqliteVisitStore(db) });
 */
export class SqliteVisitStore implements VisitStore {
  readonly #db: PortalDatabase;

  constructor(db: PortalDatabase) {
    this.#db = db;
  }

  async append(event: VisitEvent): Promise<void> {
    this.#db
      .prepare('INSERT OR IGNORE INTO visit_events (id, visit_id, type, at, body) VALUES (?, ?, ?, ?, ?)')
      .run(event.id, event.visitId, event.type, event.at, JSON.stringify(event));
  }

  async list(visitId: string): Promise<readonly VisitEvent[]> {
    const rows = this.#db.prepare('SELECT body FROM visit_events WHERE visit_id = ? ORDER BY at, id').all(visitId) as {
      body: string;
    }[];
    return rows.map((row) => JSON.parse(row.body) as VisitEvent);
  }

  async termination(visitId: string): Promise<TerminationEvent | undefined> {
    const row = this.#db
      .prepare("SELECT body FROM visit_events WHERE visit_id = ? AND type = 'visit-terminated' ORDER BY at, id LIMIT 1")
      .get(visitId) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as TerminationEvent) : undefined;
  }
}
