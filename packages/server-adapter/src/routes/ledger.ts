import { LedgerSchema } from '@visitkit/core/protocol';
import { requireMonitor, resolveCaller } from '../authorize.js';
import type { RouteContext, RouteParams } from '../context.js';
import { jsonResponse } from '../http-error.js';
import { buildLedger } from '../ledger.js';

/**
 * `GET /visits/:visitId/ledger` (monitors): the visit's ledger computed from the stored events and the
 * visit's policy from `authorize`.
 * Allowed for privileged visits too: it holds connection times only, nothing said or seen.
 */
export async function ledgerRoute(request: Request, params: RouteParams, ctx: RouteContext): Promise<Response> {
  const caller = await resolveCaller(ctx.authorize, request, params.visitId, 'ledger');
  requireMonitor(caller);
  const events = await ctx.store.list(caller.visit.id);
  // The visit as the portal knows it now decides billing (startsAt, endsAt, requireMonitor).
  const ledger = LedgerSchema.parse(buildLedger(caller.visit.id, events, { now: ctx.now(), visit: caller.visit }));
  return jsonResponse(ledger);
}
