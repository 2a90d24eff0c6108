// TEST-ONLY identity protocol for the browser and e2e suites. NEVER use this outside tests:
// anyone can claim any identity and role by putting it in the URL.
//
// `authorize` reads the query parameter `as` = base64url(JSON.stringify({ identity, name, role, visit }))
// from the request URL, so a test page asks for a token with
//   new VisitClient({ tokenUrl: `/api/visitkit/visits/${visit.id}/token?as=${b64url(JSON.stringify(who))}`, visitId: visit.id })
// Imported from plain Node ESM after `npm run build`, so it uses the built @visitkit/server-adapter.
import { createVisitHandler, MemoryVisitStore } from '@visitkit/server-adapter';

/** base64url(JSON.stringify(value)) — the `as` parameter for a caller. */
export function encodeCaller(caller) {
  return Buffer.from(JSON.stringify(caller)).toString('base64url');
}

/** The caller described by a request's `as` query parameter, or null (→ 401). */
export function callerFromRequest(request) {
  const as = new URL(request.url).searchParams.get('as');
  if (!as) return null;
  try {
    return JSON.parse(Buffer.from(as, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * A visit handler for tests, wired to a real LiveKit started with startLiveKit().
 *
 * @param {object} options
 * @param {{ url: string, apiKey: string, apiSecret: string }} options.livekit
 * @param {string} [options.basePath]
 * @param {object} [options.handlerOptions]  extra createVisitHandler options (now, cors, …)
 * @returns {{ handler: (request: Request) => Promise<Response>, events: object[], store: MemoryVisitStore }}
 */
export function createTestVisitApi({ livekit, basePath = '/api/visitkit', handlerOptions = {} }) {
  const events = [];
  const store = new MemoryVisitStore();
  const handler = createVisitHandler({
    livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
    basePath,
    store,
    authorize: async (request) => callerFromRequest(request),
    onEvent: async (event) => {
      events.push(event);
    },
    // Failures (5xx) are worth seeing when a browser test breaks; the adapter never logs secrets.
    log: (level, message) => {
      if (level !== 'info') console.error(`[test-visit-api] ${message}`);
    },
    ...handlerOptions,
  });
  return { handler, events, store };
}
