import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildLedger } from '@visitkit/server-adapter';
import type { PortalDatabase } from './database.js';
import type { VisitStore } from '@visitkit/server-adapter';
import { decodePath } from './paths.js';
import { createVisit, findVisit, toVisitInput } from './visits.js';

interface TestApiContext {
  db: PortalDatabase;
  store: VisitStore;
  clock: () => Date;
  readForm: (req: IncomingMessage) => Promise<URLSearchParams | undefined>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const date = (value: unknown, fallback?: Date) => (typeof value === 'string' ? new Date(value) : fallback);

/**
 * Test-only routes, enabled with `PORTAL_TEST_API=1` and `PORTAL_TEST_API_TOKEN` (the end-to-end scenarios and
 * the screenshot script; every request needs `Authorization: Bearer <token>`, comes from loopback and sends
 * JSON — see test-api-guard.ts):
 * `POST /test/visits` schedules a visit with any times (e.g. a two-minute visit with warnings every few
 * seconds); `GET /test/visits/:id/ledger` and `/events` read what Visitkit recorded.
 *
 * @example
 * await fetch(`${portal}/test/visits`, { method: 'POST', body: JSON.stringify({ id: 'v1', kind: 'social', … }) });
 */
export async function handleTestApi(req: IncomingMessage, res: ServerResponse, ctx: TestApiContext): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://portal.invalid').pathname;
  if (req.method === 'POST' && path === '/test/visits') {
    const body = await readJson(req);
    if (!body || typeof body.id !== 'string' || !Array.isArray(body.participantIds)) {
      return json(res, 400, { error: 'id and participantIds are required' });
    }
    const now = ctx.clock();
    const visit = await createVisit(ctx.db, {
      id: body.id,
      title: typeof body.title === 'string' ? body.title : `Test visit ${body.id}`,
      kind: body.kind === 'privileged' ? 'privileged' : 'social',
      facilityId: typeof body.facilityId === 'string' ? body.facilityId : 'riverside',
      startsAt: date(body.startsAt, now) as Date,
      endsAt: date(body.endsAt, new Date(now.getTime() + 3_600_000)) as Date,
      ...(typeof body.lobbyOpensAt === 'string' ? { lobbyOpensAt: new Date(body.lobbyOpensAt) } : {}),
      recorded: body.recorded === true,
      monitored: body.monitored === true,
      requireMonitor: body.requireMonitor === true,
      requireConsent: body.requireConsent === true,
      ...(typeof body.maxVisitors === 'number' ? { maxVisitors: body.maxVisitors } : {}),
      ...(Array.isArray(body.warnings) ? { warnings: body.warnings as number[] } : {}),
      participantIds: body.participantIds as string[],
    });
    return json(res, 201, { id: visit.id });
  }
  const match = /^\/test\/visits\/([^/]+)\/(ledger|events)$/.exec(path);
  if (req.method === 'GET' && match) {
    const id = decodePath(match[1] ?? '');
    if (id === undefined) return json(res, 400, { error: 'malformed visit id' });
    const visit = await findVisit(ctx.db, id);
    if (!visit) return json(res, 404, { error: 'no such visit' });
    const events = await ctx.store.list(id);
    // The same ledger the staff pages show: billed by the visit's own start, end and monitor rule.
    return json(
      res,
      200,
      match[2] === 'events'
        ? events
        : buildLedger(id, events, { now: ctx.clock().getTime(), visit: toVisitInput(visit) }),
    );
  }
  return json(res, 404, { error: 'not found' });
}
