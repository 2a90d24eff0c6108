import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';

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
  /** Most buckets kept (least recently used dropped first). Default 10 000. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const DEFAULT_SESSION: BucketLimit = { capacity: 20, perMinute: 20 };
const DEFAULT_ADDRESS: BucketLimit = { capacity: 120, perMinute: 120 };

/**
 * Token buckets in front of the visit routes (tokens, staff actions, ledger): a person or an address that asks
 * too often gets 429 `rate-limited` with `Retry-After`, before `authorize` or LiveKit do any work. In memory,
 * per process: enough for one portal instance; several instances behind a load balancer would share a store
 * (e.g. Redis) or limit at the proxy.
 *
 * @example
 * const limiter = new RateLimiter({}, () => Date.now());
 * const wait = limiter.take(req, sessionId); // undefined, or seconds to wait
 */
export class RateLimiter {
  readonly #session: BucketLimit;
  readonly #address: BucketLimit;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions = {}, now: () => number = Date.now) {
    this.#session = options.perSession ?? DEFAULT_SESSION;
    this.#address = options.perAddress ?? DEFAULT_ADDRESS;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = now;
  }

  /**
   * Takes one token from the address's bucket and, when there is a session cookie, from the session's.
   * Returns `undefined` when the request may go ahead, or the whole seconds to wait.
   */
  take(req: IncomingMessage, sessionId: string | undefined): number | undefined {
    const address = `a:${req.socket.remoteAddress ?? 'unknown'}`;
    // The cookie is hashed: the map must not hold usable session ids.
    const session = sessionId ? `s:${createHash('sha256').update(sessionId).digest('base64url')}` : undefined;
    const waits = [this.#take(address, this.#address), session ? this.#take(session, this.#session) : undefined];
    const wait = Math.max(...waits.map((w) => w ?? 0));
    return wait > 0 ? wait : undefined;
  }

  #take(key: string, limit: BucketLimit): number | undefined {
    const now = this.#now();
    const perMs = limit.perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: limit.capacity, at: now };
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    // Re-inserted: Map order is then least recently used first.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
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
