// For e2e tests that drive raw livekit-client pages (not the widget) against the real server adapter: an HTTP
// server for the test's page and livekit-client's ESM build, a LiveKit whose webhooks go to the test visit API
// mounted on that server, and the polling helper those tests share.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { toNodeListener } from '@visitkit/server-adapter/node';
import { startLiveKit } from '../../scripts/lib/livekit-server.mjs';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { createTestVisitApi } from './test-visit-api.mjs';

/** Ceiling on a loaded 2-core machine, not a performance assertion. */
export const WAIT_MS = 30_000;

export { eventually } from './eventually.mjs';

/**
 * A page that is a party with nothing but livekit-client (what anyone holding a token could run): `window.vk.join(url,
 * token)` publishes camera and microphone; `live()` lists the remote tracks subscribed now; `tokens` every token it
 * held (the one it joined with, then each refreshed one LiveKit sent); `subscribed` every track it ever received.
 */
export const PARTY_PAGE = `<!doctype html><meta charset="utf-8"><title>raw livekit-client party</title><p id="status">loading</p>
<script type="module">
import { Room, RoomEvent } from '/livekit-client.esm.mjs';
const status = document.getElementById('status');
let room;
window.vk = {
  disconnected: false,
  /** Every token this client held: the one it joined with, then each refreshed one LiveKit sent it. */
  tokens: [],
  /** Every remote track this page ever subscribed to, with when, per join. */
  subscribed: [],
  async join(url, token) {
    window.vk.disconnected = false;
    room = new Room();
    room.on(RoomEvent.TrackSubscribed, (track, _pub, participant) => {
      window.vk.subscribed.push({ identity: participant.identity, kind: track.kind, at: Date.now() });
    });
    room.on(RoomEvent.Disconnected, () => { window.vk.disconnected = true; status.textContent = 'disconnected'; });
    window.vk.tokens.push(token);
    // livekit-client keeps LiveKit's refreshed tokens on its engine and rejoins with the latest.
    const watch = setInterval(() => {
      const held = room.engine?.token;
      if (held && !window.vk.tokens.includes(held)) window.vk.tokens.push(held);
    }, 50);
    room.on(RoomEvent.Disconnected, () => clearInterval(watch));
    await room.connect(url, token);
    await room.localParticipant.setCameraEnabled(true);
    await room.localParticipant.setMicrophoneEnabled(true);
    status.textContent = 'connected';
  },
  /** Remote tracks subscribed right now (what the page can see and hear). */
  live() {
    if (!room || window.vk.disconnected) return [];
    return [...room.remoteParticipants.values()].flatMap((p) =>
      [...p.trackPublications.values()].filter((t) => t.isSubscribed && t.track).map((t) => p.identity + ':' + t.kind));
  },
  async leave() { await room?.disconnect(); },
};
status.textContent = 'ready';
</script>`;

/** An ISO time `n` minutes from now. */
export const minutes = (n) => new Date(Date.now() + n * 60_000).toISOString();

/**
 * Serves `page` at `/` and livekit-client at `/livekit-client.esm.mjs`, starts LiveKit with its webhooks pointed at
 * the test visit API (`/api/visitkit/*` on the same server), and returns them; `stop()` stops both.
 *
 * @param {{ name: string, page: string, livekit?: Record<string, unknown>, handlerOptions?: Record<string, unknown> }} options
 *   `livekit`: more options of `startLiveKit` (e.g. `autoCreate`, `departureTimeout`); `handlerOptions`: of the adapter.
 */
export async function startRawPageStack({ name, page, livekit: livekitOptions = {}, handlerOptions }) {
  const livekitClient = await readFile(join(ROOT, 'node_modules/livekit-client/dist/livekit-client.esm.mjs'));
  let listener = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (path === '/livekit-client.esm.mjs')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(livekitClient);
    return listener(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const baseUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const livekit = await startLiveKit({
    name,
    webhookUrls: [`${baseUrl}/api/visitkit/livekit/webhook`],
    ...livekitOptions,
  });
  const api = createTestVisitApi({ livekit, ...(handlerOptions ? { handlerOptions } : {}) });
  listener = toNodeListener(api.handler);
  return {
    baseUrl,
    livekit,
    api,
    async stop() {
      await livekit.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
