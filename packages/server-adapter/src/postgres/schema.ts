/**
 * The store's versioned schema. Each migration runs once per schema, in order, inside one `DO` block that
 * first takes a transaction-scoped advisory lock: several adapter instances may start (and migrate) at the
 * same time, and a `DO` block is one statement, so it is atomic on any driver — even a pool that would send
 * a `BEGIN` and the next statement to different connections.
 */

/** Default PostgreSQL schema (namespace) of the store's tables. */
export const DEFAULT_SCHEMA = 'visitkit';

/** A lower-case SQL identifier: it is spliced into statements, so nothing else is accepted. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** First key of the advisory lock (ASCII "vkst"); the second is the schema name's hash. */
const LOCK_KEY = 0x766b7374;
/** First key of a visit's seat lock (ASCII "vkse"); the second is the visit id's hash. */
const SEAT_LOCK_KEY = 0x766b7365;

/** The migrations, oldest first. Append new ones; never edit a released one. */
const MIGRATIONS: readonly string[] = [
  // 1: one row per event, keyed by the event id (idempotent append). `at` orders a visit's events;
  // (visit_id, at, id) serves `list`, `termination` and the purge's per-visit maximum.
  `CREATE TABLE {s}.visit_events (
     id text PRIMARY KEY,
     visit_id text NOT NULL,
     type text NOT NULL,
     at timestamptz NOT NULL,
     body jsonb NOT NULL,
     stored_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX visit_events_by_visit ON {s}.visit_events (visit_id, at, id COLLATE "C");`,
  // 2: seats held by people admitted to a visit (capacity across instances). `claim_seat` is one statement for
  // the caller, so it is atomic on any driver; the advisory lock per visit serialises concurrent claims.
  `CREATE TABLE {s}.visit_seats (
     visit_id text NOT NULL,
     identity text NOT NULL,
     held_until timestamptz NOT NULL,
     PRIMARY KEY (visit_id, identity)
   );
   CREATE FUNCTION {s}.claim_seat(p_visit text, p_identity text, p_seats integer, p_present text[],
                                  p_now timestamptz, p_until timestamptz) RETURNS boolean
   LANGUAGE plpgsql AS $claim$
   DECLARE taken integer;
   BEGIN
     PERFORM pg_advisory_xact_lock(${SEAT_LOCK_KEY}, hashtext(p_visit));
     DELETE FROM {s}.visit_seats WHERE visit_id = p_visit AND held_until <= p_now;
     SELECT count(*) INTO taken FROM (
       SELECT unnest(p_present) AS identity
       UNION SELECT identity FROM {s}.visit_seats WHERE visit_id = p_visit
     ) AS occupant WHERE occupant.identity <> p_identity;
     IF taken >= p_seats THEN RETURN false; END IF;
     INSERT INTO {s}.visit_seats (visit_id, identity, held_until) VALUES (p_visit, p_identity, p_until)
       ON CONFLICT (visit_id, identity) DO UPDATE SET held_until = greatest({s}.visit_seats.held_until, excluded.held_until);
     RETURN true;
   END
   $claim$;`,
];

/** The newest schema version this code knows. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Throws a `TypeError` unless `schema` is a plain lower-case identifier. */
export function assertSchemaName(schema: string): void {
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) {
    throw new TypeError('schema must be a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters)');
  }
}

/** The single statement that creates or upgrades the schema to {@link SCHEMA_VERSION}. */
export function migrationSql(schema: string): string {
  assertSchemaName(schema);
  const s = `"${schema}"`;
  const steps = MIGRATIONS.map(
    (sql, index) => `
  IF current < ${index + 1} THEN
    ${sql.replaceAll('{s}', s)}
    INSERT INTO ${s}.schema_version (version) VALUES (${index + 1});
    current := ${index + 1};
  END IF;`,
  ).join('');
  return `DO $visitkit_migrate$
DECLARE current integer;
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_KEY}, hashtext('${schema}'));
  CREATE SCHEMA IF NOT EXISTS ${s};
  CREATE TABLE IF NOT EXISTS ${s}.schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  );
  SELECT coalesce(max(version), 0) INTO current FROM ${s}.schema_version;${steps}
END
$visitkit_migrate$`;
}
