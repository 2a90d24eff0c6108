/**
 * The one thing the Postgres store needs from a database driver: a parameterised query that resolves with
 * its rows. A `pg.Pool`, a `pg.Client` and a PGlite instance all fit as they are, so this package imports
 * no driver (`pg` is an optional peer dependency).
 *
 * @example
 * import pg from 'pg';
 * const db: SqlClient = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 */
export interface SqlClient {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}
