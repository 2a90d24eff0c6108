import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Queryable } from './database.js';

/** One token bucket: `capacity` requests at once, refilled at `perMinute`. */
export interface BucketLimit {
  capacity: number;
  perMinute: number;
}

/** Limits of {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Per signed-in session (cookie). Default 20 at once, 20 per minute. */
  perSession?: BucketLimit;
  /** Per client address, whatever the cookie says (so rotating cookies does not help). Default 120, 120/min. */
  perAddress?: BucketLimit;
  /**
   * Addresses of the load balancers in front of the portal. A request arriving from one of them is counted
   * against the client address in its `X-Forwarded-For` (the right-most address that is not a trusted proxy);
   * from anywhere else the header is ignored, so a client cannot pick its own bucket. Default none.
   */
  trustedProxies?: readonly string[];
}

const DEFAULT_SESSION: BucketLimit = { capacity: 20, perMinute: 20 };
const DEFAULT_ADDRESS: BucketLimit = { capacity: 120, perMinute: 120 };
/** How often one process deletes buckets that have filled up again (a full bucket is the same as none). */
const PRUNE_EVERY_MS = 60_000;

// Refill, then take one token if there is one — one statement, so two portal instances taking from the same
// bucket at the same moment are serialised by the row lock and never both get the last token.
const TAKE = `
INSERT INTO rate_buckets AS b (key, tokens, per_ms, at_ms, granted)
SELECT key, tokens, per_ms, at_ms, true
  FROM (VALUES ($1::text, $2::float8, $3::float8, $4::bigint), ($5::text, $6::float8, $7::float8, $4::bigint))
       AS wanted (key, tokens, per_ms, at_ms)
 WHERE key IS NOT NULL
ON CONFLICT (key) DO UPDATE SET
  tokens = LEAST(EXCLUDED.tokens + 1, b.tokens + GREATEST(0, EXCLUDED.at_ms - b.at_ms) * EXCLUDED.per_ms)
           - CASE WHEN LEAST(EXCLUDED.tokens + 1, b.tokens + GREATEST(0, EXCLUDED.at_ms - b.at_ms) * EXCLUDED.per_ms) >= 1
                  THEN 1 ELSE 0 END,
  granted = LEAST(EXCLUDED.tokens + 1, b.tokens + GREATEST(0, EXCLUDED.at_ms - b.at_ms) * EXCLUDED.per_ms) >= 1,
  per_ms = EXCLUDED.per_ms,
  at_ms = GREATEST(b.at_ms, EXCLUDED.at_ms)
RETURNING tokens, per_ms, granted`;

/**
 * Token buckets in front of the visit routes (tokens, staff actions, ledger): a person or an address that asks
 * too often gets 429 `rate-limited` with `Retry-After`, before `authorize` or LiveKit do any work. The buckets
 * live in the portal database, so every portal instance on it counts against the same ones: behind a load
 * balancer (with `trustedProxies`) two instances together grant no more than one would.
 *
 * @example
 * const limiter = new RateLimiter(db, {}, () => Date.now());
 * const wait = await limiter.take(req, sessionId); // undefined, or seconds to wait
 */
export class RateLimiter {
  readonly #db: Queryable;
  readonly #session: BucketLimit;
  readonly #address: BucketLimit;
  readonly #trusted: ReadonlySet<string>;
  readonly #now: () => number;
  #prunedAt = -Infinity;

  constructor(db: Queryable, options: RateLimitOptions = {}, now: () => number = Date.now) {
    this.#db = db;
    this.#session = checkedLimit('perSession', options.perSession ?? DEFAULT_SESSION);
    this.#address = checkedLimit('perAddress', options.perAddress ?? DEFAULT_ADDRESS);
    this.#trusted = new Set((options.trustedProxies ?? []).map(normalizeAddress));
    this.#now = now;
  }

  /**
   * Takes one token from the client address's bucket and, when there is a session cookie, from the session's.
   * Resolves `undefined` when the request may go ahead, or the whole seconds to wait. When the database cannot
   * be reached it lets the request go ahead: the route itself then answers that the database is unavailable.
   */
  async take(req: IncomingMessage, sessionId: string | undefined): Promise<number | undefined> {
    const now = this.#now();
    const address = `a:${clientAddress(req, this.#trusted)}`;
    // The cookie is hashed: the table must not hold usable session ids.
    const session = sessionId ? `s:${createHash('sha256').update(sessionId).digest('base64url')}` : null;
    const perMs = (limit: BucketLimit) => limit.perMinute / 60_000;
    let rows: { tokens: number; per_ms: number; granted: boolean }[];
    try {
      ({ rows } = await this.#db.query<{ tokens: number; per_ms: number; granted: boolean }>(TAKE, [
        address,
        this.#address.capacity - 1,
        perMs(this.#address),
        now,
        session,
        this.#session.capacity - 1,
        perMs(this.#session),
      ]));
    } catch {
      return undefined;
    }
    if (now - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      void this.#prune(now);
    }
    const waits = rows.filter((r) => !r.granted).map((r) => Math.ceil((1 - r.tokens) / r.per_ms / 1000));
    return waits.length > 0 ? Math.max(1, ...waits) : undefined;
  }

  /** Deletes the buckets that are full again by now (the slowest limit decides), keeping the table small. */
  async #prune(now: number): Promise<void> {
    const refillMs = Math.max(
      ...[this.#session, this.#address].map((limit) => (limit.capacity / limit.perMinute) * 60_000),
    );
    await this.#db.query('DELETE FROM rate_buckets WHERE at_ms < $1', [Math.floor(now - refillMs)]).catch(() => {});
  }
}

function checkedLimit(name: string, limit: BucketLimit): BucketLimit {
  if (!(
    Number.isFinite(limit.capacity) &&
    limit.capacity >= 1 &&
    Number.isFinite(limit.perMinute) &&
    limit.perMinute > 0
  ))
    throw new RangeError(`rate limit ${name}: capacity must be ≥ 1 and perMinute > 0`);
  return limit;
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client. */
function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/**
 * The address a request is counted against: the peer, or — when the peer is a trusted proxy — the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left are the client's own words).
 */
export function clientAddress(req: IncomingMessage, trusted: ReadonlySet<string>): string {
  let address = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
  if (!trusted.has(address)) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(normalizeAddress);
  for (let i = hops.length - 1; i >= 0 && trusted.has(address); i -= 1) {
    const hop = hops[i] ?? '';
    if (isIP(hop) === 0) break;
    address = hop;
  }
  return address;
}

/** Whether a path is one of the visit routes the limiter guards (not LiveKit's webhook). */
export function isRateLimitedPath(path: string, basePath = '/api/visitkit'): boolean {
  return path.startsWith(`${basePath}/visits/`);
}

/** The 429 answer in Visitkit's error shape, so the widget shows "Too many attempts" and may try again. */
export function rateLimitedResponse(retryAfterSeconds: number): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  return {
    status: 429,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'retry-after': String(retryAfterSeconds),
    },
    body: JSON.stringify({
      error: { code: 'rate-limited', message: `Too many requests. Try again in ${retryAfterSeconds} s.` },
    }),
  };
}
