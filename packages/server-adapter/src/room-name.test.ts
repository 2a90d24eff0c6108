import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { roomNameFor } from './room-name.js';

const SECRET = 'room-secret-0123456789abcdef0123456789abcdef';

describe('roomNameFor', () => {
  test('is vk_ + 32 hex, stable for one secret and tenant', async () => {
    const name = await roomNameFor('visit-1', SECRET, { tenant: 'county-a' });
    assert.match(name, /^vk_[0-9a-f]{32}$/);
    assert.equal(await roomNameFor('visit-1', SECRET, { tenant: 'county-a' }), name);
    assert.notEqual(await roomNameFor('visit-2', SECRET, { tenant: 'county-a' }), name);
  });

  test('two tenants on one LiveKit project never get the same room for the same visit id', async () => {
    const a = await roomNameFor('visit-1', SECRET, { tenant: 'county-a' });
    const b = await roomNameFor('visit-1', SECRET, { tenant: 'county-b' });
    const none = await roomNameFor('visit-1', SECRET);
    assert.equal(new Set([a, b, none]).size, 3);
  });

  test('is not keyed with the API secret itself (the key is HKDF-derived)', async () => {
    const direct = createHmac('sha256', SECRET).update('visitkit-room:visit-1').digest('hex').slice(0, 32);
    assert.notEqual(await roomNameFor('visit-1', SECRET), `vk_${direct}`);
    assert.notEqual(await roomNameFor('visit-1', SECRET, { tenant: 'x' }), `vk_${direct}`);
  });
});
