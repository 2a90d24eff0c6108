import type { PortalDatabase } from './database.js';

/** What kind of portal user someone is. The portal's own vocabulary, mapped to Visitkit roles in authorize.ts. */
export type UserKind = 'resident' | 'family' | 'attorney' | 'officer';

/** A portal user. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly kind: UserKind;
  readonly facilityId: string;
  readonly lang: 'en' | 'es';
  readonly description: string;
}

interface UserRow {
  id: string;
  name: string;
  kind: UserKind;
  facility_id: string;
  lang: string;
  description: string;
}

function fromRow(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    facilityId: row.facility_id,
    lang: row.lang === 'es' ? 'es' : 'en',
    description: row.description,
  };
}

/**
 * Reads one user.
 *
 * @example
 * const maria = findUser(db, 'maria');
 */
export function findUser(db: PortalDatabase, id: string): User | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? fromRow(row) : undefined;
}

/**
 * Every user, for the demo sign-in page.
 *
 * @example
 * for (const user of listUsers(db)) console.log(user.name);
 */
export function listUsers(db: PortalDatabase): User[] {
  const rows = db.prepare("SELECT * FROM users ORDER BY CASE kind WHEN 'family' THEN 0 WHEN 'resident' THEN 1 WHEN 'attorney' THEN 2 ELSE 3 END, name").all() as UserRow[];
  return rows.map(fromRow);
}
