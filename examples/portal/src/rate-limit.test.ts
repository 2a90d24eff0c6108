import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { openDatabase, type PortalDatabase } from './database.js';
import { RateLimiter } from './rate-limit.js';
import { startTestPortal } from './test-support/portal-server.js';

const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('RateLimiter (token buckets in the portal database)', () => {
  let db: PortalDatabase;
  before(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  after(() => db.close());
  beforeEach(() => db.query('DELETE FROM rate_buckets'));

  test('a session gets `capacity` requests at once, then one per refill interval', async () => {
    let now = 0;
    const limiter = new RateLimiter(db, { perSession: { capacity: 3, perMinute: 6 } }, () => now);
    const take = () => limiter.take(from('10.0.0.1'), 'session-a');
    assert.deepEqual([await take(), await take(), await take()], [undefined, undefined, undefined]);
    assert.equal(await take(), 10, 'one token per 10 s: wait 10 s');
    now += 5_000;
    assert.equal(await take(), 5);
    now += 5_000;
    assert.equal(await take(), undefined);
    assert.equal(await limiter.take(from('10.0.0.1'), 'session-b'), undefined, 'other sessions have their own bucket');
  });

  test('an address is limited whatever cookies it sends', async () => {
    const limiter = new RateLimiter(db, { perAddress: { capacity: 2, perMinute: 1 } }, () => 0);
    assert.equal(await limiter.take(from('10.0.0.2'), 'x1'), undefined);
    assert.equal(await limiter.take(from('10.0.0.2'), 'x2'), undefined);
    assert.equal(await limiter.take(from('10.0.0.2'), 'x3'), 60);
    assert.equal(await limiter.take(from('10.0.0.3'), 'x4'), undefined);
  });

  test('two portal instances on one database share the buckets', async () => {
    const limits = { perSession: { capacity: 2, perMinute: 1 } };
    const a = new RateLimiter(db, limits, () => 0);
    const b = new RateLimiter(db, limits, () => 0);
    assert.equal(await a.take(from('10.0.0.4'), 'shared'), undefined);
    assert.equal(await b.take(from('10.0.0.5'), 'shared'), undefined);
    assert.equal(await a.take(from('10.0.0.6'), 'shared'), 60, 'the second instance used the last token');
    assert.equal(await b.take(from('10.0.0.7'), 'shared'), 60);
  });

  test('X-Forwarded-For counts only when it comes from a trusted proxy', async () => {
    const limits = { perAddress: { capacity: 1, perMinute: 1 }, trustedProxies: ['127.0.0.1'] };
    const limiter = new RateLimiter(db, limits, () => 0);
    const proxied = (forwarded: string) => from('::ffff:127.0.0.1', { 'x-forwarded-for': forwarded });
    assert.equal(await limiter.take(proxied('198.51.100.1'), undefined), undefined);
    assert.equal(await limiter.take(proxied('198.51.100.2'), undefined), undefined, 'another client behind the proxy');
    assert.equal(await limiter.take(proxied('198.51.100.1'), undefined), 60, 'the first client again');
    assert.equal(
      await limiter.take(proxied('203.0.113.9, 198.51.100.1'), undefined),
      60,
      'an address the client wrote itself (left of the proxy’s) changes nothing',
    );
    const direct = from('192.0.2.7', { 'x-forwarded-for': '198.51.100.3' });
    assert.equal(await limiter.take(direct, undefined), undefined);
    assert.equal(
      await limiter.take(from('192.0.2.7', { 'x-forwarded-for': '198.51.100.4' }), undefined),
      60,
      'not a proxy: the header is ignored',
    );
  });

  test('full buckets are pruned; a refused limit is a RangeError', async () => {
    let now = 0;
    const limiter = new RateLimiter(db, { perSession: { capacity: 1, perMinute: 60 } }, () => now);
    await limiter.take(from('10.0.0.8'), 'old');
    now = 10 * 60_000;
    await limiter.take(from('10.0.0.9'), undefined);
    // PGlite runs one query at a time, in order: the prune the take started is done before this one.
    const { rows } = await db.query<{ key: string }>('SELECT key FROM rate_buckets ORDER BY key');
    assert.deepEqual(
      rows.map((r) => r.key),
      ['a:10.0.0.9'],
    );
    assert.throws(() => new RateLimiter(db, { perAddress: { capacity: 0, perMinute: 1 } }), RangeError);
  });
});

describe('rate limit in front of the visit routes', () => {
  test('too many token requests: 429 rate-limited with Retry-After; other people are not affected', async () => {
    const portal = await startTestPortal({ rateLimit: { perSession: { capacity: 2, perMinute: 2 } } });
    try {
      const maria = await portal.signIn('maria');
      const token = (cookie: string) =>
        fetch(`${portal.base}/api/visitkit/visits/social-now/token`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: '{}',
        });
      // LiveKit is unreachable here: the first two get as far as LiveKit (502), the third is stopped before.
      assert.deepEqual([(await token(maria)).status, (await token(maria)).status], [502, 502]);
      const limited = await token(maria);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '30');
      assert.deepEqual(await limited.json(), {
        error: { code: 'rate-limited', message: 'Too many requests. Try again in 30 s.' },
      });
      const staff = await fetch(`${portal.base}/api/visitkit/visits/social-now/ledger`, { headers: { cookie: maria } });
      assert.equal(staff.status, 429, 'the staff routes share the limit');
      assert.equal((await token(await portal.signIn('luis'))).status, 502);
    } finally {
      await portal.close();
    }
  });
});
