import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** The portal's SQLite connection (better-sqlite3 is synchronous, which suits a small portal). */
export type PortalDatabase = Database.Database;

// One schema, applied idempotently at start. Users, visits and sessions are the portal's own data;
// `visit_events` holds what Visitkit reports; the ledger is computed from it (see sqlite-visit-store.ts).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS facilities (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('resident', 'family', 'attorney', 'officer')),
  facility_id TEXT NOT NULL REFERENCES facilities(id),
  lang TEXT NOT NULL DEFAULT 'en',
  description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS visits (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('social', 'privileged')),
  facility_id TEXT NOT NULL REFERENCES facilities(id),
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  lobby_opens_at TEXT,
  recorded INTEGER NOT NULL DEFAULT 0,
  monitored INTEGER NOT NULL DEFAULT 0,
  require_monitor INTEGER NOT NULL DEFAULT 0,
  require_consent INTEGER NOT NULL DEFAULT 0,
  max_visitors INTEGER NOT NULL DEFAULT 3,
  warnings TEXT NOT NULL DEFAULT '[300,60]'
);
CREATE TABLE IF NOT EXISTS visit_participants (
  visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (visit_id, user_id)
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS visit_events (
  id TEXT PRIMARY KEY,
  visit_id TEXT NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS visit_events_by_visit ON visit_events(visit_id, at);
`;

/**
 * Opens (and creates) the portal database. `':memory:'` gives a private in-memory database for tests.
 *
 * @example
 * const db = openDatabase('examples/portal/data/portal.sqlite');
 */
export function openDatabase(file: string): PortalDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 2000');
  db.exec(SCHEMA);
  return db;
}
