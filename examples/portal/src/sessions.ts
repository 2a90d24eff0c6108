import { createHash, randomBytes } from 'node:crypto';
import type { PortalDatabase } from './database.js';
import { findUser, type User } from './users.js';

/** Name of the session cookie over plain HTTP (loopback development only). */
export const SESSION_COOKIE = 'vk_portal_session';
/**
 * Name of the session cookie when it is `Secure`: browsers accept a `__Host-` cookie only from a secure
 * origin, for this host alone, with `Path=/` — a sibling subdomain cannot plant or overwrite it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
/** A session ends one day after sign-in, however active. */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
/** …and after 30 minutes without a request (sliding), so a forgotten kiosk or café laptop signs itself out. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** `last_seen_at` is written at most this often per session: a page with many requests is one write. */
const TOUCH_EVERY_MS = 60 * 1000;

// Only a hash of the session id is stored: a leaked database does not hand out live sessions.
const hash = (id: string) => createHash('sha256').update(id).digest('hex');

/** The cookie name for a portal served with (`secure`) or without `Secure` cookies. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/**
 * Whether session cookies are `Secure`: `PORTAL_SECURE_COOKIES=1`/`0` decides when set; otherwise they are,
 * unless the portal listens on loopback only (plain-HTTP development on this machine).
 *
 * @example
 * secureCookiesFor('127.0.0.1', undefined); // false
 * secureCookiesFor('0.0.0.0', undefined);   // true
 */
export function secureCookiesFor(host: string, setting: string | undefined): boolean {
  if (setting === '1' || setting === 'true') return true;
  if (setting === '0' || setting === 'false') return false;
  return !/^(127(\.\d{1,3}){3}|::1|localhost)$/i.test(host);
}

/**
 * Starts a session for a user and returns its random id (256 bits) for the cookie. Expired sessions are
 * purged on the way (sign-in is rare enough to carry the clean-up).
 *
 * @example
 * const id = await createSession(db, 'maria', new Date());
 * response.setHeader('set-cookie', sessionCookie(id, { secure: false }));
 */
export async function createSession(db: PortalDatabase, userId: string, now: Date): Promise<string> {
  await purgeExpiredSessions(db, now);
  const id = randomBytes(32).toString('base64url');
  await db.query(
    'INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)',
    [hash(id), userId, now.toISOString(), new Date(now.getTime() + SESSION_TTL_MS).toISOString()],
  );
  return id;
}

/**
 * The signed-in user of a session id, or undefined when the id is unknown, past its one-day limit or idle
 * for 30 minutes. A live session's idle clock restarts (written at most once a minute).
 *
 * @example
 * const user = await sessionUser(db, readCookie(request.headers.cookie, sessionCookieName(secure)), new Date());
 */
export async function sessionUser(db: PortalDatabase, id: string | undefined, now: Date): Promise<User | undefined> {
  if (!id || id.length > 100) return undefined;
  const { rows } = await db.query<{ user_id: string; last_seen_at: Date | string; expires_at: Date | string }>(
    'SELECT user_id, last_seen_at, expires_at FROM sessions WHERE id_hash = $1',
    [hash(id)],
  );
  const row = rows[0];
  if (!row) return undefined;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (new Date(row.expires_at).getTime() <= now.getTime() || lastSeen + SESSION_IDLE_MS <= now.getTime())
    return undefined;
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) {
    await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at < $2', [
      hash(id),
      now.toISOString(),
    ]);
  }
  return findUser(db, row.user_id);
}

/**
 * Ends a session (sign-out).
 *
 * @example
 * await endSession(db, id);
 */
export async function endSession(db: PortalDatabase, id: string | undefined): Promise<void> {
  if (id) await db.query('DELETE FROM sessions WHERE id_hash = $1', [hash(id)]);
}

/**
 * Deletes every session past its one-day limit or idle for 30 minutes; resolves with how many.
 *
 * @example
 * setInterval(() => purgeExpiredSessions(db, new Date()), 3_600_000);
 */
export async function purgeExpiredSessions(db: PortalDatabase, now: Date): Promise<number> {
  const { rows } = await db.query<{ id_hash: string }>(
    'DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2 RETURNING id_hash',
    [now.toISOString(), new Date(now.getTime() - SESSION_IDLE_MS).toISOString()],
  );
  return rows.length;
}

/**
 * The `Set-Cookie` value for a session: HttpOnly, SameSite=Lax, Path=/; when `secure`, also `Secure` and
 * the `__Host-` name. `id: undefined` clears the cookie.
 *
 * @example
 * sessionCookie(id, { secure: true }); // "__Host-vk_portal_session=…; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400; Secure"
 */
export function sessionCookie(id: string | undefined, options: { secure: boolean }): string {
  const parts = [
    `${sessionCookieName(options.secure)}=${id ?? ''}`,
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
