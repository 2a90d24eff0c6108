import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, describe, test } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import { externalLiveKitFromEnv, startLiveKit } from './livekit-server.mjs';

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('LiveKit process manager', () => {
  let server;
  after(() => server?.stop());

  test('starts a server on loopback that accepts API calls, and stops exactly that process', async () => {
    server = await startLiveKit({ name: 'manager-test', useEnv: false });
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.external, false);
    assert.equal(existsSync(server.configFile), true);

    const rooms = new RoomServiceClient(server.httpUrl, server.apiKey, server.apiSecret);
    await rooms.createRoom({ name: 'manager-test-room' });
    assert.deepEqual((await rooms.listRooms()).map((r) => r.name), ['manager-test-room']);
    assert.match(readFileSync(server.logFile, 'utf8'), /starting LiveKit server/);

    assert.equal(isRunning(server.pid), true);
    await server.stop();
    assert.equal(isRunning(server.pid), false);
    await assert.rejects(rooms.listRooms(), 'the server still answers after stop()');
    await server.stop(); // idempotent
    assert.equal(existsSync(dirname(server.configFile)), false, 'the config with the API secret is left behind');
  });

  test('uses LIVEKIT_URL & co. when all three are set, and refuses half a configuration', () => {
    assert.equal(externalLiveKitFromEnv({}), undefined);
    assert.deepEqual(externalLiveKitFromEnv({ LIVEKIT_URL: 'wss://x', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }), {
      url: 'wss://x',
      apiKey: 'k',
      apiSecret: 's',
    });
    assert.throws(() => externalLiveKitFromEnv({ LIVEKIT_URL: 'wss://x' }), /LIVEKIT_API_KEY/);
  });

  test('an external server is returned as is and stop() leaves it alone', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { LIVEKIT_URL: 'wss://elsewhere.example', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' });
    try {
      const external = await startLiveKit({ name: 'manager-external' });
      assert.equal(external.external, true);
      assert.equal(external.httpUrl, 'https://elsewhere.example');
      assert.equal(external.logFile, undefined);
      await external.stop();
    } finally {
      for (const key of ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']) {
        if (key in saved) process.env[key] = saved[key];
        else delete process.env[key];
      }
    }
  });
});
