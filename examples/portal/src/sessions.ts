import { createHash, randomBytes } from 'node:crypto';
import type { PortalDatabase } from './database.js';
import { findUser, type User } from './users.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'vk_portal_session';
/** Sessions last one day. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

// Only a hash of the session id is stored: a leaked database does not hand out live sessions.
const hash = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * Starts a session for a user and returns its random id (256 bits) for the cookie.
 *
 * @example
 * const id = createSession(db, 'maria', new Date());
 * response.setHeader('set-cookie', sessionCookie(id, { secure: false }));
 */
export function createSession(db: PortalDatabase, userId: string, now: Date): string {
  const id = randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    hash(id),
    userId,
    now.toISOString(),
    new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  );
  return id;
}

/**
 * The signed-in user of a session id, or undefined when the id is unknown or expired.
 *
 * @example
 * const user = sessionUser(db, readCookie(request.headers.cookie, SESSION_COOKIE), new Date());
 */
export function sessionUser(db: PortalDatabase, id: string | undefined, now: Date): User | undefined {
  if (!id || id.length > 100) return undefined;
  const row = db.prepare('SELECT user_id, expires_at FROM sessions WHERE id_hash = ?').get(hash(id)) as
    | { user_id: string; expires_at: string }
    | undefined;
  if (!row || Date.parse(row.expires_at) <= now.getTime()) return undefined;
  return findUser(db, row.user_id);
}

/**
 * Ends a session (sign-out).
 *
 * @example
 * endSession(db, id);
 */
export function endSession(db: PortalDatabase, id: string | undefined): void {
  if (id) db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hash(id));
}

/**
 * The `Set-Cookie` value for a session: HttpOnly, SameSite=Lax, Path=/, Secure when served over HTTPS.
 * `id: undefined` clears the cookie.
 *
 * @example
 * sessionCookie(id, { secure: true }); // "vk_portal_session=…; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400; Secure"
 */
export function sessionCookie(id: string | undefined, options: { secure: boolean }): string {
  const parts = [
    `${SESSION_COOKIE}=${id ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${id ? SESSION_TTL_MS / 1000 : 0}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * One cookie's value from a `Cookie` header.
 *
 * @example
 * readCookie('a=1; vk_portal_session=abc', 'vk_portal_session'); // 'abc'
 */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
