import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertE2eeSecret, e2eeKeyFor, randomE2eeSecret } from './e2ee-key.js';
import { testHandler } from './test-support/fixtures.js';

const SECRET = 'a portal secret of at least thirty-two bytes';

describe('end-to-end keys of privileged visits', () => {
  test('32 bytes as unpadded base64url, the same for the same secret, tenant and visit on every instance', async () => {
    const key = await e2eeKeyFor('visit-1', SECRET, 'county');
    assert.match(key, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(key, 'base64url').length, 32);
    assert.equal(await e2eeKeyFor('visit-1', SECRET, 'county'), key);
    assert.equal(await e2eeKeyFor('visit-1', new TextEncoder().encode(SECRET), 'county'), key);
  });

  test('another visit, tenant or secret gives an unrelated key', async () => {
    const key = await e2eeKeyFor('visit-1', SECRET, 'county');
    const others = await Promise.all([
      e2eeKeyFor('visit-2', SECRET, 'county'),
      e2eeKeyFor('visit-1', SECRET, 'other-county'),
      e2eeKeyFor('visit-1', `${SECRET}!`, 'county'),
      // The tenant is length-prefixed: no shifting of characters between tenant and visit id gives the same input.
      e2eeKeyFor('1', SECRET, 'county:visit-'),
    ]);
    assert.equal(new Set([key, ...others]).size, 5);
  });

  test('a secret shorter than 32 bytes is refused when the handler is created; the default is random', () => {
    assert.throws(() => assertE2eeSecret('short'), /at least 32 bytes/);
    assert.throws(() => testHandler({ e2eeSecret: 'short' }), /e2eeSecret must be at least 32 bytes/);
    assert.doesNotThrow(() => testHandler({ e2eeSecret: SECRET }));
    assert.notDeepEqual(randomE2eeSecret(), randomE2eeSecret());
  });
});
