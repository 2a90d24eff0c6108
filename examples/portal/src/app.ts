import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildLedger,
  createEnforcer,
  createVisitHandler,
  createVisitLogger,
  VisitMetrics,
  type Enforcer,
  type LiveKitOptions,
} from '@visitkit/server-adapter';
import { PostgresVisitStore } from '@visitkit/server-adapter/postgres';
import { toNodeListener } from '@visitkit/server-adapter/node';
import type { Ledger } from '@visitkit/core/protocol';
import { createAuthorize, visitIdentity } from './authorize.js';
import type { PortalDatabase } from './database.js';
import { buildImportMap, vendorFile } from './import-map.js';
import { ledgerView } from './ledger-view.js';
import { familyLedger } from './family-ledger.js';
import {
  errorPage,
  historyPage,
  HOME,
  signInPage,
  visitListPage,
  visitPage,
  type PageContext,
  type PortalArea,
} from './pages.js';
import { decodePath } from './paths.js';
import { pickLang, strings, type Lang } from './portal-i18n.js';
import { isRateLimitedPath, RateLimiter, rateLimitedResponse, type RateLimitOptions } from './rate-limit.js';
import { BASE_SECURITY_HEADERS, liveKitSources, securePage } from './security-headers.js';
import { createSession, endSession, readCookie, sessionCookie, sessionCookieName, sessionUser } from './sessions.js';
import { isLiveVisit, summarizeLiveVisits } from './staff-overview.js';
import { staffOverviewList, staffOverviewSection } from './staff-overview-view.js';
import { handleTestApi } from './test-api.js';
import { isLoopbackAddress, testApiRefusal } from './test-api-guard.js';
import { findUser, listUsers, type User, type UserKind } from './users.js';
import { findVisit, visitPhase, visitsFor, type ScheduledVisit } from './visits.js';

/** Options of {@link createPortal}. */
export interface PortalOptions {
  db: PortalDatabase;
  livekit: LiveKitOptions;
  /** Where the browser packages are served from (the repository's node_modules). */
  nodeModules: string;
  /** Enforcer interval. Default 2000 ms. */
  enforcerMs?: number;
  /**
   * Enables `/test/*` (creating visits with any times, reading ledgers as JSON) for requests from loopback that
   * carry `Authorization: Bearer <testApiToken>`. Never in production.
   */
  testApiToken?: string;
  /** Token buckets in front of the visit routes (429 `rate-limited`); `false` turns them off. Default on. */
  rateLimit?: RateLimitOptions | false;
  /** This portal's tenant id for Visitkit's room names (see the adapter's `tenant`). Default `visitkit-sample-portal`. */
  tenant?: string;
  /**
   * The secret privileged visits' end-to-end keys are derived from (the adapter's `e2eeSecret`; ≥ 32 bytes). Default:
   * random per process, enough for one portal process.
   */
  e2eeSecret?: string;
  /** Adds `Secure` to the session cookie (behind HTTPS). */
  secureCookies?: boolean;
  /** How long the kiosk shows the end screen before returning to its start screen. Default 20 s. */
  kioskReturnMs?: number;
  /** Seconds LiveKit keeps a visit's room after the last person left (adapter default 60). */
  departureTimeoutSeconds?: number;
  /** Facility time zone for the pages. Default America/Chicago. */
  timeZone?: string;
  clock?: () => Date;
  log?: (line: string) => void;
  /** The adapter's log lines as text (default) or JSON (`PORTAL_LOG_FORMAT=json`). */
  logFormat?: 'text' | 'json';
}

/** The running portal: a node:http listener and the enforcer it started. */
export interface Portal {
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;
  readonly store: PostgresVisitStore;
  readonly enforcer: Enforcer;
  /** Stops the enforcer; resolves once its last tick is done (the database is the caller's to close, after this). */
  close(): Promise<void>;
}

const AREA_KIND: Record<PortalArea, UserKind> = {
  family: 'family',
  kiosk: 'resident',
  attorney: 'attorney',
  staff: 'officer',
};
const AREAS = Object.keys(AREA_KIND) as PortalArea[];
const MAX_FORM_BYTES = 8 * 1024;
const cdnExamplePage = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cdn', 'index.html');

/** Writes a response; HTML pages get a nonce on their inline scripts and the CSP (security-headers.ts). */
function createSend(connectSources: readonly string[]) {
  return (
    res: ServerResponse,
    status: number,
    body: string,
    type = 'text/html; charset=utf-8',
    headers: Record<string, string> = {},
  ): void => {
    const page = type.startsWith('text/html')
      ? securePage(body, connectSources)
      : { body, headers: BASE_SECURITY_HEADERS };
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...page.headers, ...headers });
    res.end(page.body);
  };
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  const type = req.headers['content-type'] ?? '';
  const text = Buffer.concat(chunks).toString('utf8');
  if (type.startsWith('application/json')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(json).map(([k, v]): [string, string] => [k, String(v)]));
    } catch {
      return undefined;
    }
  }
  return new URLSearchParams(text);
}

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null | undefined): string | undefined {
  return next && /^\/[a-z]/.test(next) && !next.startsWith('//') ? next : undefined;
}

/** A cross-site form post would carry an Origin of another site: refuse it (SameSite=Lax covers the cookie). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Why a request for `/metrics` is refused, or undefined to serve it. Loopback only — a Prometheus agent on the
 * same machine (or a sidecar) scrapes it without a session — and never through a proxy: a reverse proxy on this
 * machine connects from loopback too, so a request it forwarded (it says so in `Forwarded`/`X-Forwarded-For`)
 * is refused. A browser page (`Origin`) is refused as well.
 */
function metricsRefusal(req: IncomingMessage): { status: number; message: string } | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, message: 'GET only' };
  if (!isLoopbackAddress(req.socket.remoteAddress)) return { status: 403, message: 'metrics answer loopback only' };
  if (
    req.headers.forwarded !== undefined ||
    req.headers['x-forwarded-for'] !== undefined ||
    req.headers.origin !== undefined
  ) {
    return { status: 403, message: 'metrics are not served through a proxy or to browser pages' };
  }
  return undefined;
}

/**
 * Builds the sample portal: demo sign-in, the family / kiosk / attorney / staff pages, the browser packages,
 * and Visitkit's handler under `/api/visitkit` (tokens, LiveKit webhooks, staff actions) with the enforcer.
 *
 * @example
 * const portal = createPortal({ db, livekit, nodeModules: 'node_modules' });
 * createServer(portal.listener).listen(8080);
 */
export function createPortal(options: PortalOptions): Portal {
  const { db, livekit, nodeModules } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(line));
  const timeZone = options.timeZone ?? 'America/Chicago';
  const store = new PostgresVisitStore({ db: db.client });
  const connectSources = liveKitSources(livekit.url);
  const send = createSend(connectSources);
  const limiter =
    options.rateLimit === false ? undefined : new RateLimiter(db, options.rateLimit, () => clock().getTime());
  // One line per visit event, refused request, webhook and enforcer problem; counted for /metrics too.
  const adapterLog = createVisitLogger({
    format: options.logFormat ?? 'text',
    write: (line) => log(line),
    now: () => clock().getTime(),
  });
  const metrics = new VisitMetrics();
  const handler = createVisitHandler({
    livekit,
    basePath: '/api/visitkit',
    tenant: options.tenant ?? 'visitkit-sample-portal',
    ...(options.e2eeSecret ? { e2eeSecret: options.e2eeSecret } : {}),
    authorize: createAuthorize(db, clock, options.secureCookies ?? false),
    log: adapterLog,
    metrics,
    store,
    now: () => clock().getTime(),
    ...(options.departureTimeoutSeconds ? { departureTimeoutSeconds: options.departureTimeoutSeconds } : {}),
  });
  const visitkit = toNodeListener(handler);
  const enforcer = createEnforcer({ livekit, intervalMs: options.enforcerMs ?? 2000, log: adapterLog, metrics, store });
  enforcer.start();
  const importMap = buildImportMap(nodeModules);

  /** The staff overview's list: each live visit with who is connected now, from its ledger. */
  async function liveOverview(visits: readonly ScheduledVisit[], lang: Lang) {
    const now = clock();
    const ledgers = new Map<string, Ledger>();
    for (const visit of visits) {
      if (isLiveVisit(visit, now))
        ledgers.set(visit.id, buildLedger(visit.id, await store.list(visit.id), { now: now.getTime(), visit }));
    }
    return staffOverviewList(
      summarizeLiveVisits(visits, (id) => ledgers.get(id), now),
      lang,
      timeZone,
    );
  }

  /** A family member's visits that are over (by the clock, or ended early), newest first. */
  async function pastVisits(user: User): Promise<ScheduledVisit[]> {
    const now = clock();
    const past: ScheduledVisit[] = [];
    for (const visit of await visitsFor(db, user)) {
      const over =
        visitPhase(visit, now) === 'over' ||
        buildLedger(visit.id, await store.list(visit.id), { now: now.getTime(), visit }).end !== null;
      if (over) past.push(visit);
    }
    return past.reverse();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    const path = url.pathname;
    if (limiter && isRateLimitedPath(path)) {
      const wait = await limiter.take(
        req,
        readCookie(req.headers.cookie, sessionCookieName(options.secureCookies ?? false)),
      );
      if (wait !== undefined) {
        const refusal = rateLimitedResponse(wait);
        res.writeHead(refusal.status, { ...BASE_SECURITY_HEADERS, ...refusal.headers });
        return void res.end(refusal.body);
      }
    }
    if (path === '/api/visitkit' || path.startsWith('/api/visitkit/')) return visitkit(req, res);
    if (decodePath(path) === undefined)
      return send(res, 400, 'Bad request: malformed URL', 'text/plain; charset=utf-8');
    if (path.startsWith('/vendor/')) {
      const file = req.method === 'GET' ? vendorFile(nodeModules, path) : undefined;
      if (!file) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache', ...BASE_SECURITY_HEADERS });
      createReadStream(file.path).pipe(res);
      return;
    }
    if (path === '/healthz') return send(res, 200, 'ok', 'text/plain; charset=utf-8');
    if (path === '/metrics') {
      const refusal = metricsRefusal(req);
      if (refusal) return send(res, refusal.status, refusal.message, 'text/plain; charset=utf-8');
      return send(res, 200, metrics.toPrometheus(), VisitMetrics.contentType);
    }
    // examples/cdn, served as a plain page with the single-file build next to it.
    // Besides visitkit.js, the encryption chunk and worker of privileged visits, which it loads from next to itself.
    if (
      req.method === 'GET' &&
      (path === '/cdn-example/' || /^\/cdn-example\/(visitkit(-[\w-]+)?|e2ee-worker)\.js$/.test(path))
    ) {
      const file = path.endsWith('.js')
        ? vendorFile(nodeModules, `/vendor/@visitkit/elements/dist/cdn/${path.slice('/cdn-example/'.length)}`)
        : { path: cdnExamplePage, type: 'text/html; charset=utf-8' };
      if (!file || !existsSync(file.path))
        return send(res, 404, 'Not found (run npm run build)', 'text/plain; charset=utf-8');
      if (file.type.startsWith('text/html')) return send(res, 200, readFileSync(file.path, 'utf8'));
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache', ...BASE_SECURITY_HEADERS });
      createReadStream(file.path).pipe(res);
      return;
    }
    const sessionId = readCookie(req.headers.cookie, sessionCookieName(options.secureCookies ?? false));
    const user = await sessionUser(db, sessionId, clock());
    const ctx: PageContext = {
      lang: pickLang(url.searchParams.get('lang'), user?.lang ?? 'en'),
      user,
      importMap,
      timeZone,
      path,
    };
    const t = strings(ctx.lang);
    if (options.testApiToken && path.startsWith('/test/')) {
      const refusal = testApiRefusal(req, options.testApiToken);
      if (refusal)
        return send(res, refusal.status, JSON.stringify({ error: refusal.message }), 'application/json; charset=utf-8');
      return handleTestApi(req, res, { db, store, clock, readForm });
    }

    if (req.method === 'POST' && (path === '/signin' || path === '/signout')) {
      if (!sameOrigin(req)) return send(res, 403, errorPage(ctx, t.notAllowed));
      const form = await readForm(req);
      if (path === '/signout') {
        await endSession(db, sessionId);
        return redirect(res, '/', {
          'set-cookie': sessionCookie(undefined, { secure: options.secureCookies ?? false }),
        });
      }
      const chosen = form ? await findUser(db, form.get('user') ?? '') : undefined;
      if (!chosen) return send(res, 400, errorPage(ctx, t.notFound));
      await endSession(db, sessionId);
      const id = await createSession(db, chosen.id, clock());
      const next = safeNext(form?.get('next')) ?? `/${HOME[chosen.kind]}`;
      return redirect(res, next, { 'set-cookie': sessionCookie(id, { secure: options.secureCookies ?? false }) });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, errorPage(ctx, t.notFound), undefined, { allow: 'GET, HEAD' });
    if (path === '/')
      return send(res, 200, signInPage(ctx, await listUsers(db), safeNext(url.searchParams.get('next'))));

    const [, areaName, section, visitId, extra] = path.split('/');
    const area = AREAS.find((a) => a === areaName);
    if (!area) return send(res, 404, errorPage(ctx, t.notFound));
    if (!user) return redirect(res, `/?next=${encodeURIComponent(path)}`);
    if (user.kind !== AREA_KIND[area]) return send(res, 403, errorPage(ctx, t.notAllowed));
    if (area === 'staff' && (section === undefined || section === '' || section === 'overview') && !visitId) {
      const visits = await visitsFor(db, user);
      const list = await liveOverview(visits, ctx.lang);
      if (section === 'overview') return send(res, 200, list.value);
      return send(
        res,
        200,
        visitListPage(ctx, area, visits, clock(), { overview: staffOverviewSection(list, ctx.lang) }),
      );
    }
    if (section === undefined || section === '')
      return send(res, 200, visitListPage(ctx, area, await visitsFor(db, user), clock()));
    if (area === 'family' && section === 'history' && !visitId)
      return send(res, 200, historyPage(ctx, await pastVisits(user)));
    if (section !== 'visits' || !visitId) return send(res, 404, errorPage(ctx, t.notFound));
    const visit = await findVisit(db, decodePath(visitId) ?? '');
    // "Not yours" answers exactly like "does not exist": a signed-in person cannot probe which visit ids exist.
    if (!visit || !(await visitIdentity(db, user, visit.id))) return send(res, 404, errorPage(ctx, t.notFound));
    if (area === 'staff') {
      const ledger = buildLedger(visit.id, await store.list(visit.id), { now: clock().getTime(), visit });
      if (extra === 'ledger.json') return send(res, 200, JSON.stringify(ledger), 'application/json; charset=utf-8');
      if (extra) return send(res, 404, errorPage(ctx, t.notFound));
      return send(res, 200, visitPage(ctx, area, visit, { ledger: ledgerView(ledger, ctx.lang, timeZone) }));
    }
    if (area === 'family' && extra === 'ledger.json') {
      const ledger = buildLedger(visit.id, await store.list(visit.id), { now: clock().getTime(), visit });
      return send(res, 200, JSON.stringify(familyLedger(ledger, user.id)), 'application/json; charset=utf-8');
    }
    if (extra) return send(res, 404, errorPage(ctx, t.notFound));
    return send(res, 200, visitPage(ctx, area, visit, { kioskReturnMs: options.kioskReturnMs ?? 20_000 }));
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      log(`error ${req.method} ${req.url?.split('?')[0]}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, 'Something went wrong.', 'text/plain; charset=utf-8');
      else res.destroy();
    });
  };
  return { listener, store, enforcer, close: () => enforcer.stop() };
}

export type { User };
