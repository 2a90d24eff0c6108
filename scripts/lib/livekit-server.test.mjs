import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import { externalLiveKitFromEnv, startLiveKit } from './livekit-server.mjs';
import { ROOT } from './paths.mjs';

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
    assert.deepEqual(
      (await rooms.listRooms()).map((r) => r.name),
      ['manager-test-room'],
    );
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
    assert.deepEqual(
      externalLiveKitFromEnv({ LIVEKIT_URL: 'wss://x', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' }),
      {
        url: 'wss://x',
        apiKey: 'k',
        apiSecret: 's',
      },
    );
    assert.throws(() => externalLiveKitFromEnv({ LIVEKIT_URL: 'wss://x' }), /LIVEKIT_API_KEY/);
  });

  test('an external server is returned as is and stop() leaves it alone', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      LIVEKIT_URL: 'wss://elsewhere.example',
      LIVEKIT_API_KEY: 'k',
      LIVEKIT_API_SECRET: 's',
    });
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

describe('the generated config (it holds the API secret) is removed', () => {
  test('when the process that started LiveKit is interrupted (Ctrl-C), and LiveKit is stopped', async () => {
    const script = `
      import { startLiveKit } from ${JSON.stringify(new URL('./livekit-server.mjs', import.meta.url).href)};
      const server = await startLiveKit({ name: 'sigint-test', useEnv: false });
      console.log(JSON.stringify({ configFile: server.configFile, pid: server.pid }));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const line = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('the child exited before LiveKit started')));
    });
    const { configFile, pid } = JSON.parse(line);
    assert.equal(existsSync(configFile), true);
    child.kill('SIGINT');
    assert.deepEqual(await exited, { code: 130, signal: null });
    assert.equal(existsSync(dirname(configFile)), false, 'the config folder is left behind after Ctrl-C');
    for (let i = 0; i < 50 && isRunning(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.equal(isRunning(pid), false, 'LiveKit outlived its parent');
  });

  test('folders left by processes that are gone (SIGKILL, crash) are swept at the next start', async () => {
    const stale = join(ROOT, '.visitkit', 'livekit', 'stale-test-2147483646-1');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'livekit.yaml'), 'keys: { APIx: secret }\n');
    const server = await startLiveKit({ name: 'sweep-test', useEnv: false });
    try {
      assert.equal(existsSync(stale), false);
      assert.equal(existsSync(server.configFile), true, 'its own config stays while it runs');
    } finally {
      await server.stop();
    }
  });
});
