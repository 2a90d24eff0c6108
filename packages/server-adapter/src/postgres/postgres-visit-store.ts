import { VisitStoreError } from '../visit-store-error.js';
import type { VisitEvent, VisitEventOf } from '../visit-events.js';
import type { SeatClaim, VisitStore } from '../visit-store.js';
import { assertSchemaName, DEFAULT_SCHEMA, migrationSql } from './schema.js';
import type { SqlClient } from './sql-client.js';

/** Options of {@link PostgresVisitStore}. */
export interface PostgresVisitStoreOptions {
  /** Anything with `query(text, params) → Promise<{ rows }>`: a `pg.Pool`, a PGlite instance. */
  db: SqlClient;
  /** PostgreSQL schema holding the store's tables (lower-case identifier). Default `visitkit`. */
  schema?: string;
  /**
   * A query that has not answered after this many ms fails with {@link VisitStoreError} (the token route
   * answers 503, a webhook 5xx so LiveKit retries). Default 5000; `0` waits as long as the driver does.
   */
  timeoutMs?: number;
}

/**
 * A {@link VisitStore} in PostgreSQL (a server through `pg`, or embedded PGlite). Safe with any number of
 * adapter instances writing at once: `append` is one `INSERT … ON CONFLICT (id) DO NOTHING`, so a webhook
 * delivered twice, or to two instances, is one row; every read goes to the database, so a termination is
 * seen by every instance at once. Visits stay until {@link PostgresVisitStore.purge} removes them.
 *
 * @example
 * import pg from 'pg';
 * import { PostgresVisitStore } from '@visitkit/server-adapter/postgres';
 * const store = new PostgresVisitStore({ db: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * await store.migrate(); // optional: done on first use otherwise
 * const handle = createVisitHandler({ livekit, authorize, store });
 */
export class PostgresVisitStore implements VisitStore {
  readonly #db: SqlClient;
  readonly #table: string;
  readonly #schema: string;
  readonly #timeoutMs: number;
  #migrated: Promise<void> | undefined;

  constructor(options: PostgresVisitStoreOptions) {
    if (!options || typeof options.db?.query !== 'function')
      throw new TypeError('db must have a query(text, params) method');
    this.#schema = options.schema ?? DEFAULT_SCHEMA;
    assertSchemaName(this.#schema);
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new TypeError('timeoutMs must be a number ≥ 0');
    this.#db = options.db;
    this.#timeoutMs = timeoutMs;
    this.#table = `"${this.#schema}".visit_events`;
  }

  /**
   * Creates or upgrades the store's schema; safe from several instances at once. Every other method calls
   * it first, so calling it yourself only moves the work (and any error) to start-up.
   */
  migrate(): Promise<void> {
    this.#migrated ??= this.#query(migrationSql(this.#schema), []).then(
      () => undefined,
      (error: unknown) => {
        this.#migrated = undefined; // try again on the next call (the database may be back)
        throw error;
      },
    );
    return this.#migrated;
  }

  async append(event: VisitEvent): Promise<void> {
    await this.migrate();
    await this.#query(
      `INSERT INTO ${this.#table} (id, visit_id, type, at, body) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (id) DO NOTHING`,
      [event.id, event.visitId, event.type, event.at, JSON.stringify(event)],
    );
  }

  /** The visit's events, oldest first (ties by id): the same order on every instance and every read. */
  async list(visitId: string): Promise<readonly VisitEvent[]> {
    await this.migrate();
    const { rows } = await this.#query(
      `SELECT body FROM ${this.#table} WHERE visit_id = $1 ORDER BY at, id COLLATE "C"`,
      [visitId],
    );
    return rows.map(toEvent);
  }

  async termination(visitId: string): Promise<VisitEventOf<'visit-terminated'> | undefined> {
    await this.migrate();
    const { rows } = await this.#query(
      `SELECT body FROM ${this.#table} WHERE visit_id = $1 AND type = 'visit-terminated'
       ORDER BY at, id COLLATE "C" LIMIT 1`,
      [visitId],
    );
    return rows[0] === undefined ? undefined : (toEvent(rows[0]) as VisitEventOf<'visit-terminated'>);
  }

  /** One call of the schema's `claim_seat` function: atomic across every instance on this database. */
  async claimSeat(claim: SeatClaim): Promise<boolean> {
    await this.migrate();
    const { rows } = await this.#query(
      `SELECT "${this.#schema}".claim_seat($1, $2, $3, $4::text[], $5, $6) AS granted`,
      [
        claim.visitId,
        claim.identity,
        claim.seats,
        claim.present,
        new Date(claim.now).toISOString(),
        new Date(claim.now + claim.holdMs).toISOString(),
      ],
    );
    return (rows[0] as { granted?: unknown } | undefined)?.granted === true;
  }

  /**
   * Deletes every visit whose newest event is older than `before`, all of its events at once (a visit's
   * ledger is either complete or gone). Resolves with the number of visits removed.
   *
   * @example
   * // nightly: keep ledgers for 90 days
   * await store.purge(new Date(Date.now() - 90 * 86_400_000));
   */
  async purge(before: Date): Promise<number> {
    if (!(before instanceof Date) || Number.isNaN(before.getTime())) throw new TypeError('before must be a valid Date');
    await this.migrate();
    const { rows } = await this.#query(
      `WITH old AS (SELECT visit_id FROM ${this.#table} GROUP BY visit_id HAVING max(at) < $1),
            gone AS (DELETE FROM ${this.#table} e USING old WHERE e.visit_id = old.visit_id RETURNING e.visit_id),
            seats AS (DELETE FROM "${this.#schema}".visit_seats WHERE held_until < $1)
       SELECT count(DISTINCT visit_id)::int AS visits FROM gone`,
      [before.toISOString()],
    );
    return Number((rows[0] as { visits?: unknown } | undefined)?.visits ?? 0);
  }

  /** Runs a query; any failure or a timeout becomes a {@link VisitStoreError} (the cause kept, for logs). */
  async #query(text: string, params: unknown[]): Promise<{ rows: unknown[] }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout =
      this.#timeoutMs > 0
        ? new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(VisitStoreError.unavailable(`the database did not answer within ${this.#timeoutMs} ms`)),
              this.#timeoutMs,
            );
          })
        : undefined;
    try {
      const query = this.#db.query(text, params);
      return await (timeout ? Promise.race([query, timeout]) : query);
    } catch (error) {
      if (error instanceof VisitStoreError) throw error;
      throw VisitStoreError.unavailable('the database query failed', error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A stored row back into an event; drivers give `jsonb` parsed (pg, PGlite) or as text (others). */
function toEvent(row: unknown): VisitEvent {
  const body = (row as { body?: unknown }).body;
  const event = typeof body === 'string' ? (JSON.parse(body) as unknown) : body;
  if (!event || typeof event !== 'object' || typeof (event as { id?: unknown }).id !== 'string') {
    throw VisitStoreError.corrupt('a stored visit event is not an event object');
  }
  return event as VisitEvent;
}
