// Shared by bench/join and bench/leak: a real LiveKit server, the real server adapter (test identity API,
// `as` query parameter) and esbuild bundles of the bench pages, all on one loopback origin.
// Needs `npm run build` first (the adapter and @visitkit/core are imported from their dist/).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { roomNameFor } from '@visitkit/server-adapter';
import { toNodeListener } from '@visitkit/server-adapter/node';
import { AccessToken } from 'livekit-server-sdk';
import { startLiveKit } from '../../scripts/lib/livekit-server.mjs';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { startShapedLink } from '../../tests/support/shaped-link.mjs';
import { createTestVisitApi, encodeCaller } from '../../tests/support/test-visit-api.mjs';

const API_BASE = '/api/visitkit';
/** Bench-only reference (`bench/join`'s third page), see {@link openToken}. */
export const OPEN_TOKEN_PATH = '/bench/open-token';

/** Bundles each page entry (path relative to the repo root) into memory: `{ '/name.js': code }`. */
async function bundle(entries) {
  const result = await build({
    entryPoints: Object.fromEntries(entries.map((file) => [file.replace(/^.*\/|\.m?[jt]s$/g, ''), join(ROOT, file)])),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    outdir: '/bundles',
    minify: true,
    sourcemap: false,
    logLevel: 'error',
  });
  return Object.fromEntries(result.outputFiles.map((file) => [`/${file.path.split('/').pop()}`, file.text]));
}

const html = (script) =>
  `<!doctype html><meta charset="utf-8"><title>bench</title>` +
  `<style>video{width:320px;height:240px;background:#000}</style><body><script type="module" src="${script}"></script>`;

/**
 * @param {{ name: string, pages: string[], profile?: import('../../tests/support/shaped-link.mjs').LinkProfile }} options
 *   `pages`: page entries, e.g. ['bench/join/pages/raw.mjs']; `profile`: put every browser behind a shaped link
 *   (pages, token requests, signalling and media all cross it; LiveKit's webhooks to the adapter and the adapter's
 *   calls to LiveKit's API do not)
 * @returns {Promise<{ origin: string, livekit: object, events: object[], trace: TraceEntry[], link?: import('../../tests/support/shaped-link.mjs').ShapedLink, tokenUrl(visit, caller): string, close(): Promise<void> }>}
 */
export async function startBenchServer({ name, pages, profile }) {
  const scripts = await bundle(pages);
  let api;
  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} */
  let openTokenRoute = () => {};
  const apiListener = (req, res) => api(req, res);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith(API_BASE)) return apiListener(req, res);
    if (path === OPEN_TOKEN_PATH) return openTokenRoute(req, res);
    if (path.endsWith('.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html(path.replace(/\.html$/, '.js')));
      return undefined;
    }
    // @visitkit/core starts the encryption worker of privileged visits from next to the page's bundle.
    if (path === '/e2ee-worker.js') {
      res
        .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
        .end(readFileSync(join(ROOT, 'packages/core/dist/e2ee-worker.js')));
      return undefined;
    }
    const script = scripts[path];
    if (script) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(script);
      return undefined;
    }
    res.writeHead(404).end();
    return undefined;
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const direct = `http://127.0.0.1:${port}`;
  const livekit = await startLiveKit({
    name,
    webhookUrls: [`${direct}${API_BASE}/livekit/webhook`],
    ...(profile ? { nodeIp: '127.0.0.2' } : {}),
  });
  const signalPort = Number(new URL(livekit.url).port);
  const link = profile
    ? await startShapedLink({ profile, udpPorts: [livekit.rtcUdpPort], tcpPorts: [signalPort, port] })
    : undefined;
  const origin = link ? `http://${link.host}:${port}` : direct;
  const clientLiveKit = link ? { ...livekit, url: `ws://${link.host}:${signalPort}` } : livekit;
  const trace = traceGrantPath();
  openTokenRoute = (req, res) => void openToken({ ...clientLiveKit, apiSecret: livekit.apiSecret }, req, res);
  const visitApi = createTestVisitApi({
    livekit: clientLiveKit,
    basePath: API_BASE,
    handlerOptions: {
      // Clients reach LiveKit through the link; the adapter, like any deployment's, calls LiveKit's API directly.
      livekit: { url: clientLiveKit.url, apiUrl: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      metrics: { observe: (operation) => trace.mark({ op: operation.op }) },
    },
  });
  api = toNodeListener(trace.wrap(visitApi.handler));
  return {
    origin,
    livekit,
    link,
    events: visitApi.events,
    trace: trace.entries,
    tokenUrl: (visit, caller) => `${API_BASE}/visits/${visit.id}/token?as=${encodeCaller({ ...caller, visit })}`,
    async close() {
      await new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await link?.close();
      await livekit.stop();
      trace.restore();
    },
  };
}

/**
 * REFERENCE, bench only — what a page gets from LiveKit's defaults: a token for the same room, identity and
 * server-set attributes as the adapter's, but with `canSubscribe` in it, so LiveKit subscribes the page while it
 * connects and nobody has to grant anything. Visitkit never issues such a token (a party's `canSubscribe` is the
 * adapter's to give: not before `startsAt`, not without a required monitor, never after a termination). Body:
 * `{ visitId, identity }`; answers `{ server_url, participant_token }` like the token route.
 *
 * @param {{ url: string, apiKey: string, apiSecret: string }} livekit
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 */
async function openToken(livekit, req, res) {
  try {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { visitId, identity } = JSON.parse(body);
    const room = await roomNameFor(visitId, livekit.apiSecret);
    const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
      identity,
      name: 'Visitor',
      attributes: { 'visitkit.role': 'visitor', 'visitkit.visit': visitId },
    });
    token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: false });
    const jwt = await token.toJwt();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ server_url: livekit.url, participant_token: jwt }));
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
  }
}

/**
 * @typedef {{ at: number, op?: string, event?: string, route?: string, identity?: string, joinedAtMs?: number, answeredAt?: number,
 *   call?: string, endedAt?: number }} TraceEntry
 */

/**
 * Wall-clock marks (Date.now()) of the adapter's grant path, for `bench/join`'s breakdown: each LiveKit webhook
 * (received, answered, the participant and LiveKit's own join time), each operation the adapter reports, and
 * each call the adapter makes to LiveKit's API (`UpdateParticipant`, `ListParticipants`, …; the bench process's
 * `fetch` is wrapped, so anything else in it that calls LiveKit's API is counted too).
 */
function traceGrantPath() {
  /** @type {TraceEntry[]} */
  const entries = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const call = url.includes('/twirp/') ? url.split('/').pop() : undefined;
    if (!call) return original(input, init);
    const entry = { at: Date.now(), call };
    entries.push(entry);
    try {
      return await original(input, init);
    } finally {
      entry.endedAt = Date.now();
    }
  };
  return {
    entries,
    mark: (entry) => entries.push({ at: Date.now(), ...entry }),
    restore: () => {
      globalThis.fetch = original;
    },
    /** @param {(request: Request) => Promise<Response>} handler */
    wrap: (handler) => async (request) => {
      const url = new URL(request.url);
      /** @type {TraceEntry} */
      const entry = { at: Date.now() };
      if (url.pathname.endsWith('/joined')) {
        // A client's joined report: who, from the test identity (`as`).
        const caller = JSON.parse(Buffer.from(url.searchParams.get('as') ?? '', 'base64url').toString() || '{}');
        Object.assign(entry, { route: 'joined', identity: caller.identity });
      } else if (url.pathname.endsWith('/livekit/webhook')) {
        try {
          const body = JSON.parse(await request.clone().text());
          Object.assign(entry, {
            event: body.event,
            identity: body.participant?.identity,
            joinedAtMs: Number(body.participant?.joinedAtMs ?? 0) || undefined,
          });
        } catch {
          // not JSON: the adapter refuses it
        }
      } else {
        return handler(request);
      }
      entries.push(entry);
      const response = await handler(request);
      entry.answeredAt = Date.now();
      return response;
    },
  };
}

/**
 * What the adapter did for one join, in ms from the page's Join (`t0Wall`, wall clock): LiveKit's own join time
 * of `identity` (`lkJoined`), the client's joined report received (`joinedIn`), LiveKit's `participant_joined`
 * webhook received and answered (`hookIn`, `hookOut`), and the `UpdateParticipant` call that granted
 * `canSubscribe` while either was handled (`grantSent`, `grantDone`).
 *
 * @param {TraceEntry[]} trace @param {string} identity @param {number} t0Wall
 * @returns {Record<string, number>}
 */
export function adapterMarks(trace, identity, t0Wall) {
  const hook = trace.find((e) => e.event === 'participant_joined' && e.identity === identity);
  const said = trace.find((e) => e.route === 'joined' && e.identity === identity);
  const during = (/** @type {TraceEntry | undefined} */ request, /** @type {TraceEntry} */ e) =>
    request !== undefined && e.at >= request.at && e.at <= (request.answeredAt ?? Infinity);
  const grant = trace.find((e) => e.call === 'UpdateParticipant' && (during(said, e) || during(hook, e)));
  /** @type {Record<string, number | undefined>} */
  const marks = {
    lkJoined: hook?.joinedAtMs,
    joinedIn: said?.at,
    hookIn: hook?.at,
    grantSent: grant?.at,
    grantDone: grant?.endedAt,
    hookOut: hook?.answeredAt,
  };
  return Object.fromEntries(
    Object.entries(marks).flatMap(([name, at]) => (at === undefined ? [] : [[name, at - t0Wall]])),
  );
}

/** A social visit open from a minute ago for `minutes`. */
export function benchVisit(id, minutes = 60) {
  const now = Date.now();
  return {
    id,
    kind: 'social',
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + minutes * 60_000).toISOString(),
    maxVisitors: 4,
    warnings: [60],
  };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
