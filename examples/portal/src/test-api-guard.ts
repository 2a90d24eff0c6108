import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Shortest test API token accepted: it must be random, not a word. */
export const MIN_TEST_API_TOKEN_LENGTH = 32;

/**
 * Whether `host` (an interface to listen on) is loopback only. The test API schedules visits with any times
 * and reads every ledger: it must never be reachable from another machine.
 *
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('0.0.0.0');   // false
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  return isLoopbackAddress(host);
}

/** Whether a peer address (`req.socket.remoteAddress`) is loopback, IPv4-mapped IPv6 included. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/**
 * Why a request to `/test/*` is refused, or `undefined` to serve it. In order: not from loopback (403), no or a
 * wrong `Authorization: Bearer <token>` (401), sent by a browser page (`Origin`, 403), a body that is not
 * declared `application/json` (415). Browsers cannot add the bearer token to a cross-site form post, and
 * `text/plain` "simple" posts are refused by type as well.
 *
 * @example
 * const refusal = testApiRefusal(req, process.env.PORTAL_TEST_API_TOKEN);
 * if (refusal) return json(res, refusal.status, { error: refusal.message });
 */
export function testApiRefusal(req: IncomingMessage, token: string): { status: number; message: string } | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress))
    return { status: 403, message: 'the test API answers loopback only' };
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { status: 401, message: 'the test API needs its bearer token' };
  }
  if (req.headers.origin !== undefined) return { status: 403, message: 'the test API is not for browser pages' };
  if (
    req.method !== 'GET' &&
    req.method !== 'HEAD' &&
    !/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')
  ) {
    return { status: 415, message: 'send application/json' };
  }
  return undefined;
}
