import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, test } from 'node:test';
import { RateLimiter } from './rate-limit.js';
import { startTestPortal } from './test-support/portal-server.js';

const from = (remoteAddress: string) => ({ socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('RateLimiter (token buckets)', () => {
  test('a session gets `capacity` requests at once, then one per refill interval', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSession: { capacity: 3, perMinute: 6 } }, () => now);
    const take = () => limiter.take(from('10.0.0.1'), 'session-a');
    assert.deepEqual([take(), take(), take()], [undefined, undefined, undefined]);
    assert.equal(take(), 10, 'one token per 10 s: wait 10 s');
    now += 5_000;
    assert.equal(take(), 5);
    now += 5_000;
    assert.equal(take(), undefined);
    assert.equal(limiter.take(from('10.0.0.1'), 'session-b'), undefined, 'other sessions have their own bucket');
  });

  test('an address is limited whatever cookies it sends', () => {
    const limiter = new RateLimiter({ perAddress: { capacity: 2, perMinute: 1 } }, () => 0);
    assert.equal(limiter.take(from('10.0.0.2'), 'x1'), undefined);
    assert.equal(limiter.take(from('10.0.0.2'), 'x2'), undefined);
    assert.equal(limiter.take(from('10.0.0.2'), 'x3'), 60);
    assert.equal(limiter.take(from('10.0.0.3'), 'x4'), undefined);
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
