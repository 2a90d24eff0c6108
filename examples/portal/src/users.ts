import type { Queryable } from './database.js';

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
 * const maria = await findUser(db, 'maria');
 */
export async function findUser(db: Queryable, id: string): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/**
 * Every user, for the demo sign-in page.
 *
 * @example
 * for (const user of await listUsers(db)) console.log(user.name);
 */
export async function listUsers(db: Queryable): Promise<User[]> {
  const { rows } = await db.query<UserRow>(
    "SELECT * FROM users ORDER BY CASE kind WHEN 'family' THEN 0 WHEN 'resident' THEN 1 WHEN 'attorney' THEN 2 ELSE 3 END, name COLLATE \"C\"",
  );
  return rows.map(fromRow);
}
