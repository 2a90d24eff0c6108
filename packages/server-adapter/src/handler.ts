import { WebhookReceiver } from 'livekit-server-sdk';
import type { AuthorizeHook } from './authorize.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import type { RouteContext, RouteParams, VisitLogger } from './context.js';
import { corsHeaders, preflightResponse, withCors, type CorsOptions } from './cors.js';
import { VisitHttpError } from './http-error.js';
import { assertLiveKitOptions, createRoomService, type LiveKitOptions } from './livekit.js';
import { MemoryVisitStore } from './memory-visit-store.js';
import { checkOrigin } from './origin.js';
import { guardStore } from './store-errors.js';
import { RoomOccupancy } from './room-occupancy.js';
import { RoomRegistry } from './room-policy.js';
import { roomNameFor } from './room-name.js';
import { ledgerRoute } from './routes/ledger.js';
import { muteRoute, terminateRoute, warnRoute } from './routes/staff.js';
import { tokenRoute } from './routes/token.js';
import { webhookRoute } from './routes/webhook.js';
import type { VisitEvent } from './visit-events.js';
import type { VisitStore } from './visit-store.js';

/** Options of {@link createVisitHandler}. */
export interface VisitHandlerOptions {
  livekit: LiveKitOptions;
  /** Who is calling, for which visit (see {@link AuthorizeHook}). */
  authorize: AuthorizeHook;
  /**
   * This portal's id among the portals sharing one LiveKit project (e.g. `'county-a'`): it goes into the key
   * of the room names, so two portals with different tenants never share a room, even for equal visit ids.
   * Every adapter instance (and enforcer) of one portal must use the same value. Default `''`.
   */
  tenant?: string;
  /** Path the routes are mounted under. Default `/api/visitkit`. */
  basePath?: string;
  /** Told about every {@link VisitEvent}; a rejection turns a webhook answer into 5xx (LiveKit retries). */
  onEvent?: (event: VisitEvent) => Promise<void> | void;
  /** Ledger persistence. Default: a {@link MemoryVisitStore}. */
  store?: VisitStore;
  /**
   * Allow browsers on other origins. Default: off. Browser requests whose `Origin` is neither the adapter's own
   * nor listed here are refused (403 `origin-not-allowed`); requests without `Origin` (LiveKit, backends) are not.
   */
  cors?: CorsOptions;
  /** Largest request body in bytes (413 above). Default 16 KiB. */
  maxBodyBytes?: number;
  /**
   * Correctly signed webhooks up to this late are accepted (LiveKit's retries after an outage of the adapter);
   * older ones are refused (401). Events are idempotent, so a late or repeated delivery is harmless.
   * Default 86 400 s (a day).
   */
  webhookMaxAgeSeconds?: number;
  /** Pause between the `ending` control message and closing the room, so clients can show why. Default 300 ms. */
  terminateGraceMs?: number;
  /**
   * Seconds LiveKit keeps a visit's room after the last participant left, so a dropped participant can
   * rejoin; the ledger's end is known once the room closed. Default 60.
   */
  departureTimeoutSeconds?: number;
  /** Clock in ms since the epoch, for tests. Default `Date.now`. */
  now?: () => number;
  /** Server log lines (no secrets are ever passed). Default: `console.warn`/`console.error` for problems. */
  log?: VisitLogger;
}

/** The handler: a Fetch-API function plus the base path it answers under. */
export type VisitHandler = ((request: Request) => Promise<Response>) & { readonly basePath: string };

type Route = (request: Request, params: RouteParams, ctx: RouteContext) => Promise<Response>;

const VISIT_ROUTES: Record<string, { method: 'GET' | 'POST'; route: Route }> = {
  token: { method: 'POST', route: tokenRoute },
  terminate: { method: 'POST', route: terminateRoute },
  warn: { method: 'POST', route: warnRoute },
  mute: { method: 'POST', route: muteRoute },
  ledger: { method: 'GET', route: ledgerRoute },
};

const defaultLog: VisitLogger = (level, message) => {
  if (level === 'error') console.error(`[visitkit] ${message}`);
  else if (level === 'warn') console.warn(`[visitkit] ${message}`);
};

/**
 * Creates the Visitkit server handler: visit tokens, LiveKit webhooks, staff actions and the ledger, as one
 * `(Request) => Promise<Response>` for any Fetch-API runtime (Node ≥ 20, Deno, Bun, workers).
 *
 * @example
 * const handle = createVisitHandler({
 *   livekit: { url: 'wss://video.example.org', apiKey, apiSecret },
 *   basePath: '/api/visitkit',
 *   authorize: async (request, { visitId }) => portal.whoIsCalling(request, visitId),
 *   onEvent: async (event) => audit.write(event),
 *   store: new MemoryVisitStore(),
 * });
 * const response = await handle(request);
 */
export function createVisitHandler(options: VisitHandlerOptions): VisitHandler {
  assertLiveKitOptions(options.livekit);
  if (typeof options.authorize !== 'function') throw new TypeError('authorize is required');
  const basePath = normalizeBasePath(options.basePath ?? '/api/visitkit');
  const tenant = options.tenant ?? '';
  if (typeof tenant !== 'string' || tenant.length > 256)
    throw new TypeError('tenant must be a string of at most 256 characters');
  // Store failures answer 503 store-unavailable (webhooks 5xx), never a 500 with the driver's message.
  const store = guardStore(options.store ?? new MemoryVisitStore());
  const log = options.log ?? defaultLog;
  const rooms = createRoomService(options.livekit);
  const onEvent = options.onEvent;
  const ctx: RouteContext = {
    livekit: options.livekit,
    rooms,
    registry: new RoomRegistry(rooms),
    occupancy: new RoomOccupancy(rooms),
    receiver: new WebhookReceiver(options.livekit.apiKey, options.livekit.apiSecret),
    store,
    authorize: options.authorize,
    now: options.now ?? Date.now,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    webhookMaxAgeSeconds: options.webhookMaxAgeSeconds ?? 86_400,
    terminateGraceMs: options.terminateGraceMs ?? 300,
    departureTimeoutSeconds: options.departureTimeoutSeconds ?? 60,
    log,
    async emit(event) {
      await store.append(event);
      if (onEvent) await onEvent(event);
    },
    roomName: (visitId) => roomNameFor(visitId, options.livekit.apiSecret, { tenant }),
  };

  const handle = async (request: Request): Promise<Response> => {
    const preflight = preflightResponse(options.cors, request);
    if (preflight) return preflight;
    const cors = corsHeaders(options.cors, request);
    try {
      checkOrigin(request, options.cors);
      return withCors(await dispatch(request, basePath, ctx), cors);
    } catch (error) {
      const httpError = error instanceof VisitHttpError ? error : VisitHttpError.internal(error);
      if (httpError.status >= 500) log('error', describeFailure(request, basePath, httpError));
      return httpError.toResponse(cors);
    }
  };
  return Object.assign(handle, { basePath });
}

async function dispatch(request: Request, basePath: string, ctx: RouteContext): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path !== basePath && !path.startsWith(`${basePath}/`)) throw VisitHttpError.notFound();
  const segments = path.slice(basePath.length).split('/').filter(Boolean);
  if (segments.length === 2 && segments[0] === 'livekit' && segments[1] === 'webhook') {
    if (request.method !== 'POST') throw methodNotAllowed();
    return webhookRoute(request, ctx);
  }
  const [visits, rawVisitId, action] = segments;
  const entry = action === undefined ? undefined : VISIT_ROUTES[action];
  if (segments.length !== 3 || visits !== 'visits' || !rawVisitId || !entry) throw VisitHttpError.notFound();
  if (request.method !== entry.method) throw methodNotAllowed();
  let visitId: string;
  try {
    visitId = decodeURIComponent(rawVisitId);
  } catch {
    throw VisitHttpError.badRequest('The visit id in the URL is malformed.');
  }
  return entry.route(request, { visitId }, ctx);
}

function methodNotAllowed(): VisitHttpError {
  return new VisitHttpError('method-not-allowed', 'This route does not accept that method.');
}

function normalizeBasePath(basePath: string): string {
  const trimmed = `/${basePath}`.replace(/\/+/g, '/').replace(/\/$/, '');
  return trimmed;
}

/**
 * A log line for a failed request: route, code, and the cause's type plus LiveKit's Twirp status/code when
 * there is one. Never the cause's message: it may quote URLs, request data or a portal's internals.
 */
function describeFailure(request: Request, basePath: string, error: VisitHttpError): string {
  const path = new URL(request.url).pathname.slice(basePath.length).replace(/\/visits\/[^/]+/, '/visits/:visitId');
  const cause = error.cause as { name?: unknown; status?: unknown; code?: unknown } | undefined;
  const kind = cause instanceof Error ? cause.name : typeof cause;
  const twirp =
    typeof cause?.status === 'number' && typeof cause.code === 'string' ? ` ${cause.status} ${cause.code}` : '';
  return `${request.method} ${path} → ${error.status} ${error.code} (cause: ${kind}${twirp})`;
}
