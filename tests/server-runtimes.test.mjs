// The server handler is Fetch-API; this proves it where portals run it. The built @visitkit/server-adapter is
// served under Bun, Deno and Cloudflare's workerd (each installed from npm as a dev dependency) against a real
// LiveKit server whose webhooks go to that runtime. In each: a token is issued (and refused without a caller),
// LiveKit's own signed webhook is verified and lands in the ledger (a forged one is refused), and a staff
// `terminate` closes the room on the LiveKit server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { build } from 'esbuild';
import { RoomServiceClient, TokenVerifier } from 'livekit-server-sdk';
import { LedgerSchema, TokenResponseSchema } from '@visitkit/core/protocol';
import { freeTcpPort, startLiveKit } from '../scripts/lib/livekit-server.mjs';
import { ROOT } from '../scripts/lib/paths.mjs';
import { eventually, minutes } from './support/raw-page-stack.mjs';
import { encodeCaller } from './support/test-visit-api.mjs';

const HERE = join(ROOT, 'tests', 'support', 'runtimes');
const BIN = join(ROOT, 'node_modules', '.bin');
const work = mkdtempSync(join(tmpdir(), 'visitkit-runtimes-'));
after(() => rmSync(work, { recursive: true, force: true }));

/**
 * @typedef {{ url: string, apiKey: string, apiSecret: string }} LiveKitAccess
 * @typedef {{ command: string, args: string[], env?: Record<string, string> }} Launch
 */

/** How each runtime serves tests/support/runtimes on `port`. */
const RUNTIMES = /** @type {const} */ ({
  bun: async () => /** @type {Launch} */ ({ command: join(BIN, 'bun'), args: ['run', join(HERE, 'bun.mjs')] }),
  deno: async () =>
    /** @type {Launch} */ ({
      command: join(BIN, 'deno'),
      // Only what the handler needs: loopback sockets, the LiveKit settings, the code under node_modules.
      args: [
        'run',
        '--allow-net=127.0.0.1',
        '--allow-env',
        `--allow-read=${ROOT}`,
        '--no-prompt',
        join(HERE, 'deno.mjs'),
      ],
      env: { DENO_NO_UPDATE_CHECK: '1' },
    }),
  workerd: workerdLaunch,
});

/**
 * workerd runs one bundled module (as `wrangler deploy` would bundle it) from a config naming its socket and
 * bindings. Its default outbound network is public addresses only: the loopback LiveKit needs `local`.
 *
 * @param {number} port
 * @param {LiveKitAccess} livekit
 * @returns {Promise<Launch>}
 */
async function workerdLaunch(port, livekit) {
  const dir = mkdtempSync(join(work, 'workerd-'));
  await build({
    entryPoints: [join(HERE, 'worker.mjs')],
    outfile: join(dir, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  const text = (/** @type {string} */ name, /** @type {string} */ value) =>
    `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`;
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
  bindings = [${[text('LIVEKIT_URL', livekit.url), text('LIVEKIT_API_KEY', livekit.apiKey), text('LIVEKIT_API_SECRET', livekit.apiSecret)].join(', ')}],
);
`,
  );
  return { command: join(BIN, 'workerd'), args: ['serve', join(dir, 'config.capnp')] };
}

/**
 * Starts `launch` and resolves once it answers HTTP on `port`; its output is kept for failure messages.
 *
 * @param {Launch} launch
 * @param {number} port
 * @param {Record<string, string>} env
 */
async function serve(launch, port, env) {
  const child = spawn(launch.command, launch.args, {
    cwd: ROOT,
    env: { ...process.env, ...launch.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) assert.fail(`${launch.command} exited with ${child.exitCode}:\n${output}`);
      // The adapter answers 404 JSON outside its routes: any response means the runtime serves it.
      return fetch(`http://127.0.0.1:${port}/api/visitkit`).then(
        () => true,
        () => false,
      );
    }, `${launch.command} serving on ${port}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop, output: () => output };
}

for (const [name, launchFor] of Object.entries(RUNTIMES)) {
  test(`${name}: issues a token, verifies LiveKit's signed webhooks, and a staff terminate closes the room`, async (t) => {
    const port = await freeTcpPort();
    const base = `http://127.0.0.1:${port}/api/visitkit`;
    // LiveKit's webhooks go straight to the runtime: it verifies LiveKit's own signatures.
    const livekit = await startLiveKit({
      name: `runtime-${name}`,
      webhookUrls: [`${base}/livekit/webhook`],
      useEnv: false,
    });
    t.after(() => livekit.stop());
    const server = await serve(await launchFor(port, livekit), port, {
      PORT: String(port),
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    });
    t.after(() => server.stop());
    t.diagnostic(server.output().trim() || `${name} started`);

    const visit = { id: `runtime-${name}-${Date.now()}`, kind: 'social', startsAt: minutes(-1), endsAt: minutes(30) };
    const as = (/** @type {object} */ who) => `?as=${encodeCaller({ ...who, visit })}`;
    const resident = as({ identity: 'resident-1', name: 'Rosa', role: 'resident' });
    const officer = as({ identity: 'officer-7', name: 'Officer Lee', role: 'monitor' });
    const post = (/** @type {string} */ path, /** @type {unknown} */ body) =>
      fetch(`${base}/visits/${visit.id}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ledger = async () =>
      LedgerSchema.parse(await (await fetch(`${base}/visits/${visit.id}/ledger${officer}`)).json());

    assert.equal((await post('token', {})).status, 401, 'no caller, no token');
    const response = await post(`token${resident}`, {});
    assert.equal(response.status, 200, await response.clone().text());
    const token = TokenResponseSchema.parse(await response.json());
    const room = token.room_name ?? assert.fail('the token response names its room');
    const claims = await new TokenVerifier(livekit.apiKey, livekit.apiSecret).verify(token.participant_token);
    assert.equal(claims.sub, 'resident-1');
    assert.equal(claims.video?.room, room);
    const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    assert.ok((await rooms.listRooms([room])).length === 1, 'the token route created the room on LiveKit');

    // LiveKit announces the new room (room_started), signed with the API secret: only a verified delivery counts.
    await eventually(async () => (await ledger()).eventCount >= 2, 'the room_started webhook in the ledger');
    const forged = await fetch(`${base}/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: 'Bearer forged' },
      body: JSON.stringify({
        event: 'room_finished',
        room: { name: room },
        createdAt: String(Math.floor(Date.now() / 1000)),
      }),
    });
    assert.equal(forged.status, 401, 'a webhook without LiveKit’s signature is refused');

    const terminated = await post(`terminate${officer}`, { reason: 'runtime check' });
    assert.equal(terminated.status, 200, await terminated.clone().text());
    await eventually(async () => (await rooms.listRooms([room])).length === 0, 'the room closed on LiveKit');
    const final = await ledger();
    assert.deepEqual(
      final.staffActions.map((a) => [a.action, a.staff, a.detail]),
      [['terminate', 'officer-7', 'runtime check']],
    );
    assert.equal(final.end?.cause, 'staff');
    assert.equal((await post(`token${resident}`, {})).status, 409, 'no new token after the terminate');
  });
}
