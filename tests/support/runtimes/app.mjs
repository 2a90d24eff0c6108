// The handler the runtime test serves under Bun, Deno and workerd: the built @visitkit/server-adapter with the
// test-only identity protocol of test-visit-api.mjs, wired to the LiveKit server named by the environment.
// Plain ESM that every runtime loads; each runtime's entry file only adds its own way of serving.
import { createTestVisitApi } from '../test-visit-api.mjs';

/**
 * @param {Record<string, string | undefined>} env LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET
 * @returns {(request: Request) => Promise<Response>}
 */
export function runtimeHandler(env) {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = env;
  if (!url || !apiKey || !apiSecret) throw new Error('LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set');
  return createTestVisitApi({ livekit: { url, apiKey, apiSecret } }).handler;
}
