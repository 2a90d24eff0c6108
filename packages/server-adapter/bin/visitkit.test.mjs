import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk';
import { findLiveKitBinary } from '../../../scripts/lib/paths.mjs';
import { freeTcpPort } from '../../../scripts/lib/livekit-server.mjs';
import { livekitConfigYaml } from './livekit-config.mjs';
import { main } from './visitkit.mjs';

function run(argv, env = {}) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: { write: (t) => (stdout += t) }, stderr: { write: (t) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'visitkit-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('npx @visitkit/server-adapter livekit-config', () => {
  test('refuses unknown commands, unknown flags and bad values with a clear message and exit code 2', () => {
    assert.equal(run(['frobnicate']).code, 2);
    const unknownFlag = run(['livekit-config', '--colour', 'red']);
    assert.equal(unknownFlag.code, 2);
    assert.match(unknownFlag.stderr, /colour/);
    const badPort = run(['livekit-config', '--port', '80a']);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--port must be a whole number/);
    const badUrl = run(['livekit-config', '--webhook-url', 'ftp://x/y']);
    assert.equal(badUrl.code, 2);
    assert.match(badUrl.stderr, /must be http\(s\)/);
    assert.equal(run(['livekit-config', '--api-key', 'APIx', '--api-secret', 'short']).code, 2);
    assert.equal(run(['livekit-config', '--help']).code, 0);
  });

  test('uses the keys from the environment, and prints generated ones for the adapter only when it made them', () => {
    const secret = 's'.repeat(40);
    const fromEnv = run(['livekit-config'], { LIVEKIT_API_KEY: 'APIportal', LIVEKIT_API_SECRET: secret });
    assert.equal(fromEnv.code, 0);
    assert.match(fromEnv.stdout, new RegExp(`keys:\\n  APIportal: ${secret}`));
    assert.equal(fromEnv.stderr, '');
    const generated = run(['livekit-config', '--local']);
    const key = /keys:\n {2}(\S+): (\S+)/.exec(generated.stdout);
    assert.ok(key);
    assert.match(generated.stderr, new RegExp(`LIVEKIT_API_KEY=${key[1]}\\nLIVEKIT_API_SECRET=${key[2]}`));
  });

  test('the production form lets LiveKit find its address; the local form stays on loopback', () => {
    const options = { apiKey: 'APIportal', apiSecret: 'x'.repeat(32) };
    const production = livekitConfigYaml({ ...options, nodeIp: '203.0.113.7' });
    assert.doesNotMatch(production, /bind_addresses|stun_servers|enable_loopback_candidate/);
    assert.match(production, /node_ip: 203\.0\.113\.7/);
    // Audio first: a congested subscriber's video is paused rather than its audio starved (LiveKit's default is off).
    assert.match(production, /congestion_control:\n {4}enabled: true\n {4}allow_pause: true/);
    assert.match(livekitConfigYaml(options), /use_external_ip: true/);
    assert.match(livekitConfigYaml({ ...options, local: true }), /bind_addresses: \["127\.0\.0\.1"\]/);
    assert.match(
      livekitConfigYaml({ ...options, redisAddresses: ['127.0.0.1:6379'] }),
      /redis:\n {2}address: 127\.0\.0\.1:6379/,
    );
    // A cluster lists participants from the node hosting the room, not from Redis (docs/deploy.md).
    assert.match(
      livekitConfigYaml({ ...options, redisAddresses: ['127.0.0.1:6379'] }),
      /api:\n {2}enable_psrpc_for_get_list_participants: true/,
    );
    assert.doesNotMatch(livekitConfigYaml(options), /enable_psrpc_for_get_list_participants/);
    // Whoever runs the cluster's Redis is told it must persist its data (docs/deploy.md).
    assert.match(livekitConfigYaml({ ...options, redisAddresses: ['127.0.0.1:6379'] }), /# .*appendonly yes/);
  });

  test('a livekit-server started with the written file serves the API and signs webhooks the adapter can verify', async (t) => {
    const binary = findLiveKitBinary();
    assert.ok(binary, 'livekit-server is installed by set-up');
    const webhooks = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        webhooks.push({ body, authorization: request.headers.authorization });
        response.end('ok');
      });
    });
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
    t.after(() => receiver.close());
    const [port, rtcTcp, rtcUdp] = [await freeTcpPort(), await freeTcpPort(), await freeTcpPort()];
    const file = join(dir, 'livekit.yaml');
    const written = run([
      'livekit-config',
      '--local',
      '--port',
      String(port),
      '--rtc-tcp-port',
      String(rtcTcp),
      '--rtc-udp-port',
      String(rtcUdp),
      '--webhook-url',
      `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (receiver.address()).port}/api/visitkit/livekit/webhook`,
      '--out',
      file,
    ]);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the file holds the secret');
    const [, apiKey, apiSecret] = /keys:\n {2}(\S+): (\S+)/.exec(readFileSync(file, 'utf8'));

    const server = spawn(binary, ['--config', file], { stdio: 'ignore' });
    t.after(() => server.kill('SIGKILL'));
    const rooms = new RoomServiceClient(`http://127.0.0.1:${port}`, apiKey, apiSecret);
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await rooms.createRoom({ name: 'vk_cli_check' });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    assert.deepEqual(
      (await rooms.listRooms()).map((r) => r.name),
      ['vk_cli_check'],
    );
    while (!webhooks.some((w) => w.body.includes('room_started'))) {
      if (Date.now() > deadline) assert.fail('no room_started webhook arrived');
      await new Promise((r) => setTimeout(r, 100));
    }
    const delivered = webhooks.find((w) => w.body.includes('room_started'));
    const event = await new WebhookReceiver(apiKey, apiSecret).receive(delivered.body, delivered.authorization);
    assert.equal(event.room?.name, 'vk_cli_check');
  });
});
