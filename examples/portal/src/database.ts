import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { VisitStoreError } from '@visitkit/server-adapter';
import type { SqlClient } from '@visitkit/server-adapter/postgres';

/** What the portal's data functions need: parameterised queries and transactions. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * The portal's one PostgreSQL database — users, visits, sessions, and (in schema `visitkit`) the visit
 * events Visitkit stores — on embedded PGlite or a PostgreSQL server.
 */
export interface PortalDatabase extends Queryable {
  /** What `PostgresVisitStore` gets: the same connection(s). */
  readonly client: SqlClient;
  /** Runs `work` in one transaction (commit when it resolves, roll back when it rejects). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the data lives: a PGlite data directory (`memory://` keeps it in memory) or a server URL. */
export type DatabaseLocation = { dataDir: string } | { url: string };

// The portal's own tables, applied idempotently at start (behind a lock, for several portals at once).
// Visit events are not here: PostgresVisitStore creates and migrates its own schema.
const SCHEMA = `
SELECT pg_advisory_xact_lock(7624311);
CREATE TABLE IF NOT EXISTS facilities (
  id text PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('resident', 'family', 'attorney', 'officer')),
  facility_id text NOT NULL REFERENCES facilities(id),
  lang text NOT NULL DEFAULT 'en',
  description text NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS visits (
  id text PRIMARY KEY,
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('social', 'privileged')),
  facility_id text NOT NULL REFERENCES facilities(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  lobby_opens_at timestamptz,
  recorded boolean NOT NULL DEFAULT false,
  monitored boolean NOT NULL DEFAULT false,
  require_monitor boolean NOT NULL DEFAULT false,
  require_consent boolean NOT NULL DEFAULT false,
  max_visitors integer NOT NULL DEFAULT 3,
  warnings jsonb NOT NULL DEFAULT '[300,60]'
);
CREATE TABLE IF NOT EXISTS visit_participants (
  visit_id text NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
  user_id text NOT NULL REFERENCES users(id),
  PRIMARY KEY (visit_id, user_id)
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS rate_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  per_ms double precision NOT NULL,
  at_ms bigint NOT NULL,
  granted boolean NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_buckets_by_time ON rate_buckets (at_ms);
`;

/**
 * Opens (and creates) the portal database: PGlite in `dataDir` by default, a PostgreSQL server with `url`
 * (what `DATABASE_URL=postgres://…` gives `main.ts`).
 *
 * @example
 * const db = await openDatabase({ dataDir: 'examples/portal/data/pglite' });
 * const shared = await openDatabase({ url: 'postgres://portal@db.internal/portal' });
 */
export async function openDatabase(location: DatabaseLocation): Promise<PortalDatabase> {
  const db = 'url' in location ? serverDatabase(location.url) : await embeddedDatabase(location.dataDir);
  try {
    await db.exec(SCHEMA);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function embeddedDatabase(dataDir: string): Promise<PortalDatabase & { exec(sql: string): Promise<unknown> }> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  return {
    client: lite,
    query: (text, params) => lite.query(text, params),
    transaction: (work) => lite.transaction((tx) => work({ query: (text, params) => tx.query(text, params) })),
    // PGlite runs everything on one connection: the advisory lock is harmless, `exec` takes the whole script.
    exec: (sql) => lite.exec(sql),
    close: () => lite.close(),
  };
}

/**
 * SQLSTATE classes that mean "the database is not reachable or not accepting work now": connection
 * exceptions (08), insufficient resources (53), operator intervention such as a shutdown (57). Errors without
 * a SQLSTATE (refused connection, timeouts) are the same. Anything else (a constraint, a bug) is passed on.
 */
const UNAVAILABLE = /^(08|53|57)/;

/** A failure to reach the database as `VisitStoreError` (the adapter answers 503), other errors unchanged. */
function unavailable(error: unknown): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !UNAVAILABLE.test(code)) throw error;
  throw VisitStoreError.unavailable('the portal database is unreachable', error);
}

function serverDatabase(url: string): PortalDatabase & { exec(sql: string): Promise<unknown> } {
  // A server that is down or slow fails requests quickly (the token route answers 503) instead of hanging.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, query_timeout: 10_000 });
  // An idle connection the server dropped (restart, outage) must not crash the portal; the next query reconnects.
  pool.on('error', () => {});
  const query = async <Row>(text: string, params?: unknown[]) => ({
    rows: (await pool.query(text, params).catch(unavailable)).rows as Row[],
  });
  return {
    client: pool,
    query,
    async transaction(work) {
      const connection = await pool.connect().catch(unavailable);
      try {
        await connection.query('BEGIN');
        const result = await work({
          query: async <Row>(text: string, params?: unknown[]) => ({
            rows: (await connection.query(text, params)).rows as Row[],
          }),
        });
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
    // Without parameters pg sends the script as one simple query: one implicit transaction, lock included.
    exec: (sql) => pool.query(sql),
    close: () => pool.end(),
  };
}
