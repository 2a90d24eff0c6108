import { WebhookReceiver } from 'livekit-server-sdk';
import type { AuthorizeHook } from './authorize.js';
import { DEFAULT_BASE_PATH, VISIT_ROUTES, WEBHOOK_PATH, type VisitRoute } from '@visitkit/core/protocol';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { assertE2eeSecret, e2eeKeyFor, randomE2eeSecret } from './e2ee-key.js';
import type { RouteContext, RouteParams } from './context.js';
import { corsHeaders, preflightResponse, withCors, type CorsOptions } from './cors.js';
import { VisitHttpError } from './http-error.js';
import { assertLiveKitOptions, createRoomService, type LiveKitOptions } from './livekit.js';
import { createVisitLogger, type VisitLogger } from './logger.js';
import type { VisitMetrics } from './metrics.js';
import { createReporter, type RouteAction } from './operations.js';
import { MemoryVisitStore } from './memory-visit-store.js';
import { TERMINATE_GRACE_MS } from './staff-actions.js';
import { checkOrigin } from './origin.js';
import { guardStore } from './store-errors.js';
import { RoomOccupancy } from './room-occupancy.js';
import { DEPARTURE_TIMEOUT_SECONDS, RoomRegistry } from './room-policy.js';
import { roomNameFor } from './room-name.js';
import { ledgerRoute } from './routes/ledger.js';
import { joinedRoute } from './routes/joined.js';
import { mediaStateRoute } from './routes/media-state.js';
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
  /**
   * The portal's own secret (≥ 32 bytes; never LiveKit's API secret) the end-to-end keys of privileged visits
   * are derived from. Every adapter instance of one portal must use the same value, or the two parties of a
   * visit served by different instances get different keys (they then see and hear nothing — never media in
   * the clear). Default: a random secret per handler, enough for a single instance.
   */
  e2eeSecret?: string | Uint8Array;
  /** Clock in ms since the epoch, for tests. Default `Date.now`. */
  now?: () => number;
  /**
   * Server log lines, one per operation (recorded visit event, refused request, webhook, guarded room), with
   * structured fields; no secrets are ever passed. `createVisitLogger({ format: 'json' })` writes JSON lines.
   * Default: `createVisitLogger({ level: 'warn' })` — problems only, as text on the console.
   */
  log?: VisitLogger;
  /** Counts tokens issued and refused, webhook lag, LiveKit errors (see {@link VisitMetrics}). Default: none. */
  metrics?: VisitMetrics;
}

/** The handler: a Fetch-API function plus the base path it answers under. */
export type VisitHandler = ((request: Request) => Promise<Response>) & { readonly basePath: string };

type Route = (request: Request, params: RouteParams, ctx: RouteContext) => Promise<Response>;

/** The handler of each per-visit route; the paths and methods are the contract's (`VISIT_ROUTES`). */
const ROUTE_HANDLERS: Record<VisitRoute, Route> = {
  token: tokenRoute,
  terminate: terminateRoute,
  warn: warnRoute,
  mute: muteRoute,
  ledger: ledgerRoute,
  'media-state': mediaStateRoute,
  joined: joinedRoute,
};
const isVisitRoute = (name: string | undefined): name is VisitRoute =>
  name !== undefined && Object.hasOwn(VISIT_ROUTES, name);

/**
 * Creates the Visitkit server handler: visit tokens, LiveKit webhooks, staff actions and the ledger, as one
 * `(Request) => Promise<Response>` for any Fetch-API runtime (Node ≥ 22, Deno, Bun, Cloudflare Workers).
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
  const basePath = normalizeBasePath(options.basePath ?? DEFAULT_BASE_PATH);
  const tenant = options.tenant ?? '';
  if (typeof tenant !== 'string' || tenant.length > 256)
    throw new TypeError('tenant must be a string of at most 256 characters');
  const e2eeSecret = options.e2eeSecret ?? randomE2eeSecret();
  assertE2eeSecret(e2eeSecret);
  // Store failures answer 503 store-unavailable (webhooks 5xx), never a 500 with the driver's message.
  const store = guardStore(options.store ?? new MemoryVisitStore());
  const log = options.log ?? createVisitLogger({ level: 'warn' });
  const report = createReporter(log, options.metrics);
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
    terminateGraceMs: options.terminateGraceMs ?? TERMINATE_GRACE_MS,
    departureTimeoutSeconds: options.departureTimeoutSeconds ?? DEPARTURE_TIMEOUT_SECONDS,
    log,
    report,
    async emit(event) {
      await store.append(event);
      if (onEvent) await onEvent(event);
      report({ op: 'visit-event', event });
    },
    roomName: (visitId) => roomNameFor(visitId, options.livekit.apiSecret, { tenant }),
    e2eeKey: (visitId) => e2eeKeyFor(visitId, e2eeSecret, tenant),
  };

  const handle = async (request: Request): Promise<Response> => {
    const preflight = preflightResponse(options.cors, request);
    if (preflight) return preflight;
    const cors = corsHeaders(options.cors, request);
    const { action, respond } = matchRoute(request, basePath, ctx);
    try {
      checkOrigin(request, options.cors);
      return withCors(await respond(), cors);
    } catch (error) {
      const httpError = error instanceof VisitHttpError ? error : VisitHttpError.internal(error);
      report({
        op: 'request-refused',
        action,
        status: httpError.status,
        code: httpError.code,
        method: request.method,
        path: routePath(request, basePath),
        ...(httpError.status >= 500 ? { cause: describeCause(httpError) } : {}),
      });
      return httpError.toResponse(cors);
    }
  };
  return Object.assign(handle, { basePath });
}

/** The route a request goes to (for the logs and metrics) and how it is answered; refusals throw from `respond`. */
function matchRoute(
  request: Request,
  basePath: string,
  ctx: RouteContext,
): { action: RouteAction; respond: () => Promise<Response> } {
  const refuse = (action: RouteAction, error: VisitHttpError) => ({ action, respond: () => Promise.reject(error) });
  const path = new URL(request.url).pathname;
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return refuse('unknown', VisitHttpError.notFound());
  const segments = path.slice(basePath.length).split('/').filter(Boolean);
  if (`/${segments.join('/')}` === WEBHOOK_PATH) {
    if (request.method !== 'POST') return refuse('webhook', methodNotAllowed());
    return { action: 'webhook', respond: () => webhookRoute(request, ctx) };
  }
  const [visits, rawVisitId, name] = segments;
  if (segments.length !== 3 || visits !== 'visits' || !rawVisitId || !isVisitRoute(name))
    return refuse('unknown', VisitHttpError.notFound());
  const action: VisitRoute = name;
  if (request.method !== VISIT_ROUTES[action]) return refuse(action, methodNotAllowed());
  let visitId: string;
  try {
    visitId = decodeURIComponent(rawVisitId);
  } catch {
    return refuse(action, VisitHttpError.badRequest('The visit id in the URL is malformed.'));
  }
  return { action, respond: () => ROUTE_HANDLERS[action](request, { visitId }, ctx) };
}

function methodNotAllowed(): VisitHttpError {
  return new VisitHttpError('method-not-allowed', 'This route does not accept that method.');
}

function normalizeBasePath(basePath: string): string {
  const trimmed = `/${basePath}`.replace(/\/+/g, '/').replace(/\/$/, '');
  return trimmed;
}

/** The request's route for a log line, without the visit id: `/visits/:visitId/token`. */
function routePath(request: Request, basePath: string): string {
  return new URL(request.url).pathname.slice(basePath.length).replace(/\/visits\/[^/]+/, '/visits/:visitId');
}

/**
 * A failure's cause for a log line: its type plus LiveKit's Twirp status/code when there is one. Never the cause's
 * message: it may quote URLs, request data or a portal's internals.
 */
function describeCause(error: VisitHttpError): string {
  const cause = error.cause as { name?: unknown; status?: unknown; code?: unknown } | undefined;
  const kind = cause instanceof Error ? cause.name : typeof cause;
  const twirp =
    typeof cause?.status === 'number' && typeof cause.code === 'string' ? ` ${cause.status} ${cause.code}` : '';
  return `${kind}${twirp}`;
}
