/**
 * Visitkit's PostgreSQL visit store: `@visitkit/server-adapter/postgres`. Its own entry point, so the main
 * entry pulls in no database code; it imports no driver either (pass a `pg.Pool` or a PGlite instance).
 *
 * @example
 * import { PGlite } from '@electric-sql/pglite';
 * import { PostgresVisitStore } from '@visitkit/server-adapter/postgres';
 * const store = new PostgresVisitStore({ db: new PGlite('data/visitkit') });
 */
export { PostgresVisitStore } from './postgres-visit-store.js';
export type { PostgresVisitStoreOptions } from './postgres-visit-store.js';
export type { SqlClient } from './sql-client.js';
export { DEFAULT_SCHEMA, SCHEMA_VERSION } from './schema.js';
