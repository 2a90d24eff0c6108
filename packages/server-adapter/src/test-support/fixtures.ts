// Shared by the adapter's node tests. Not built (rollup skips test-support/).
import { AccessToken } from 'livekit-server-sdk';
import type { Role, VisitInput } from '@visitkit/core/protocol';
import { createVisitHandler, type VisitHandlerOptions } from '../handler.js';
import { MemoryVisitStore } from '../memory-visit-store.js';
import type { VisitEvent } from '../visit-events.js';
import type { AuthorizedCaller } from '../authorize.js';

export const NOW = Date.parse('2030-01-01T10:00:00.000Z');
export const API_KEY = 'APIunit';
export const API_SECRET = 'unit-secret-0123456789abcdef0123456789abcdef';
/** Nothing listens here (port 9 = discard, closed on loopback): every LiveKit call fails fast. */
export const UNREACHABLE_LIVEKIT = { url: 'ws://127.0.0.1:9', apiKey: API_KEY, apiSecret: API_SECRET };

export function visit(overrides: Partial<VisitInput> = {}): VisitInput {
  return {
    id: 'visit-1',
    kind: 'social',
    startsAt: new Date(NOW).toISOString(),
    endsAt: new Date(NOW + 30 * 60_000).toISOString(),
    ...overrides,
  };
}

export interface Who {
  identity?: string;
  name?: string;
  role?: Role;
  visit?: VisitInput;
}

/** A handler whose `authorize` answers from the `x-test-caller` header (JSON), or null without it. */
export function testHandler(options: Partial<VisitHandlerOptions> = {}) {
  const events: VisitEvent[] = [];
  const logs: string[] = [];
  const store = new MemoryVisitStore();
  const handle = createVisitHandler({
    livekit: UNREACHABLE_LIVEKIT,
    store,
    now: () => NOW,
    authorize: (request) => {
      const raw = request.headers.get('x-test-caller');
      return raw ? (JSON.parse(raw) as AuthorizedCaller) : null; // the adapter validates what the hook answers
    },
    onEvent: (event) => {
      events.push(event);
    },
    log: (level, message) => logs.push(`${level} ${message}`),
    ...options,
  });
  return { handle, events, store, logs };
}

export function post(path: string, who: Who | null, body?: unknown, headers: Record<string, string> = {}): Request {
  const callerHeader: Record<string, string> =
    who === null
      ? {}
      : {
          'x-test-caller': JSON.stringify({
            identity: 'res-1',
            name: 'Resident One',
            role: 'resident',
            visit: visit(),
            ...who,
          }),
        };
  return new Request(`http://portal.test/api/visitkit${path}`, {
    method: 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...callerHeader, ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

export async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

/** A webhook request signed like LiveKit signs it (JWT with the body's SHA-256), optionally tampered. */
export async function signedWebhook(
  payload: Record<string, unknown>,
  options: { apiKey?: string; apiSecret?: string; tamper?: boolean; path?: string; expiredSecondsAgo?: number } = {},
): Promise<Request> {
  const body = JSON.stringify(payload);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  // A retry LiveKit sends long after the first attempt carries the first attempt's JWT: expired by then.
  const ttl = options.expiredSecondsAgo === undefined ? '5m' : -options.expiredSecondsAgo;
  const token = new AccessToken(options.apiKey ?? API_KEY, options.apiSecret ?? API_SECRET, { ttl });
  token.sha256 = Buffer.from(digest).toString('base64');
  const jwt = await token.toJwt();
  const sent = options.tamper ? body.replace('participant_joined', 'participant_left') : body;
  return new Request(`http://portal.test/api/visitkit${options.path ?? '/livekit/webhook'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: jwt },
    body: sent,
  });
}
