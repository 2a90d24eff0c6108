import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { isLoopbackHost, testApiRefusal } from './test-api-guard.js';
import { startTestPortal } from './test-support/portal-server.js';

const TOKEN = 'a'.repeat(20) + 'b'.repeat(23);
const HERE = dirname(fileURLToPath(import.meta.url));

describe('test API guard', () => {
  test('loopback hosts only', () => {
    assert.deepEqual(['127.0.0.1', 'localhost', '::1', '127.0.0.2'].map(isLoopbackHost), [true, true, true, true]);
    assert.deepEqual(['0.0.0.0', '::', '192.168.1.5', 'portal.example'].map(isLoopbackHost), [
      false,
      false,
      false,
      false,
    ]);
  });

  test('a request from another machine is refused even with the token', () => {
    const req = { socket: { remoteAddress: '10.1.2.3' }, headers: { authorization: `Bearer ${TOKEN}` }, method: 'GET' };
    assert.equal(testApiRefusal(req as unknown as IncomingMessage, TOKEN)?.status, 403);
    const mapped = { ...req, socket: { remoteAddress: '::ffff:127.0.0.1' } };
    assert.equal(testApiRefusal(mapped as unknown as IncomingMessage, TOKEN), undefined);
  });

  test('over HTTP: bearer token, JSON and no browser Origin are required', async () => {
    const portal = await startTestPortal({ testApiToken: TOKEN });
    try {
      const body = JSON.stringify({ id: 'guard-1', participantIds: ['james', 'maria'] });
      const create = (headers: Record<string, string>) =>
        fetch(`${portal.base}/test/visits`, { method: 'POST', headers, body });
      const json = { 'content-type': 'application/json' };
      assert.equal((await create(json)).status, 401, 'no token');
      assert.equal((await create({ ...json, authorization: `Bearer ${TOKEN.slice(1)}x` })).status, 401, 'wrong token');
      assert.equal(
        (await create({ 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` })).status,
        415,
        'text/plain',
      );
      assert.equal(
        (await create({ ...json, authorization: `Bearer ${TOKEN}`, origin: 'https://evil.test' })).status,
        403,
        'a page',
      );
      assert.equal((await create({ ...json, authorization: `Bearer ${TOKEN}` })).status, 201);
      const ledger = await fetch(`${portal.base}/test/visits/guard-1/ledger`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(ledger.status, 200);
    } finally {
      await portal.close();
    }
    const off = await startTestPortal();
    try {
      const response = await fetch(`${off.base}/test/visits/social-now/ledger`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(response.status, 404, 'without a token configured there is no test API');
    } finally {
      await off.close();
    }
  });

  test('the portal refuses to start the test API on a non-loopback host, or without a long token', () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', join(HERE, 'main.ts')], {
        env: {
          ...process.env,
          LIVEKIT_URL: 'ws://127.0.0.1:9',
          LIVEKIT_API_KEY: 'k',
          LIVEKIT_API_SECRET: 's',
          PORT: '0',
          PORTAL_DB: ':memory:',
          PORTAL_TEST_API: '1',
          ...env,
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const exposed = run({ HOST: '0.0.0.0', PORTAL_TEST_API_TOKEN: TOKEN });
    assert.equal(exposed.status, 2);
    assert.match(exposed.stderr, /loopback only/);
    const weak = run({ HOST: '127.0.0.1', PORTAL_TEST_API_TOKEN: 'secret' });
    assert.equal(weak.status, 2);
    assert.match(weak.stderr, /at least 32/);
  });
});
