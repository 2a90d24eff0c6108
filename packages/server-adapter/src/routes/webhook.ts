import type { WebhookEvent } from 'livekit-server-sdk';
import { readText } from '../body.js';
import type { RouteContext } from '../context.js';
import { jsonResponse, VisitHttpError } from '../http-error.js';
import { parseRoomMetadata } from '@visitkit/core/protocol';
import { syncRoomMetadata } from '../monitor-presence.js';
import { guardRoom, VISIT_ROOM_NAME, type GuardOutcome } from '../room-guard.js';
import { setSubscribePermission } from '../subscribe-permission.js';
import { withTrackContext } from '../track-webhook.js';
import type { VisitEvent } from '../visit-events.js';
import { joinGrant, monitorMovedIn, visitEventsFromWebhook } from '../webhook.js';

/** Webhook bodies are small JSON documents; anything bigger is not from LiveKit. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * `POST /livekit/webhook`: verifies the JWT in `Authorization` and the body's SHA-256 against it
 * (WebhookReceiver), turns the event into `VisitEvent`s and answers 200 only after the store and `onEvent`
 * both succeeded — otherwise 500, so LiveKit delivers it again. A correctly signed delivery is accepted up to
 * `webhookMaxAgeSeconds` late (default a day), expired JWT included: event ids are LiveKit's, so a late or
 * repeated delivery is the same event, and refusing it would lose what happened while the adapter was down.
 *
 * On a join to a Visitkit-named room, the room is guarded (`guardRoom`): a terminated visit's room is
 * deleted, a room without its policy gets it back or is deleted; a party who joined a room that carries its
 * policy with a `canSubscribe` this moment does not allow gets the right one at once (`joinGrant`), while the
 * event is being recorded. When a monitor joined or left, or a party joined a `requireMonitor` visit, it
 * recounts the room's monitors and permissions (also 500 on failure: all of it is idempotent, so a re-delivery
 * is safe).
 */
export async function webhookRoute(request: Request, ctx: RouteContext): Promise<Response> {
  const body = await readText(request, Math.max(ctx.maxBodyBytes, MAX_WEBHOOK_BYTES));
  const authorization = request.headers.get('authorization');
  if (!authorization) throw VisitHttpError.unauthenticated('Webhook is not signed.');
  let event: WebhookEvent;
  try {
    // LiveKit signs a delivery once and retries it with the same JWT: tolerate its expiry as long as the
    // delivery itself may be late.
    event = await ctx.receiver.receive(body, authorization, false, ctx.webhookMaxAgeSeconds);
  } catch {
    // Bad signature, wrong key, tampered body (hash mismatch), JWT expired too long ago or malformed JSON: 401.
    throw VisitHttpError.unauthenticated('Webhook signature is not valid.');
  }
  const receivedAt = ctx.now();
  const ageSeconds = receivedAt / 1000 - Number(event.createdAt);
  if (!event.createdAt || ageSeconds > ctx.webhookMaxAgeSeconds) {
    throw VisitHttpError.unauthenticated('Webhook is too old.');
  }
  let complete: WebhookEvent;
  try {
    complete = await withTrackContext(ctx, event); // track webhooks name no visit or role on their own
  } catch (error) {
    throw VisitHttpError.livekitUnreachable(error);
  }
  const events = visitEventsFromWebhook(complete, receivedAt);
  ctx.report({
    op: 'webhook-received',
    event: event.event,
    lagMs: Math.max(0, receivedAt - Number(event.createdAt) * 1000),
    visitEvents: events.length,
  });
  // Recording the event and policing the join do not depend on each other, so they run at once: a party's grant
  // goes out without waiting for the ledger write. The webhook is still answered only after both succeeded.
  const [, outcome] = await Promise.all([record(ctx, events), policeJoin(ctx, event, receivedAt)]);
  if (outcome === 'refused' || outcome === 'closed') {
    for (const visitEvent of events) ctx.registry.forget(visitEvent.visitId);
    return jsonResponse({ received: events.length });
  }
  const room = monitorMovedIn(event);
  if (room) {
    try {
      await syncRoomMetadata(ctx.rooms, room, { now: receivedAt });
    } catch (error) {
      throw VisitHttpError.livekitUnreachable(error);
    }
  }
  return jsonResponse({ received: events.length });
}

/** Saves each event and tells the portal (`ctx.emit`); a failure answers 500 so that LiveKit delivers it again. */
async function record(ctx: RouteContext, events: readonly VisitEvent[]): Promise<void> {
  for (const visitEvent of events) {
    if (visitEvent.type === 'room-finished') ctx.registry.forget(visitEvent.visitId);
    try {
      await ctx.emit(visitEvent);
    } catch (error) {
      throw VisitHttpError.internal(error);
    }
  }
}

/**
 * On a join to a Visitkit-named room, guards the room (`guardRoom`: terminated → deleted, policy lost →
 * restored or deleted); then, in a room that carries its policy, gives a party who joined the `canSubscribe` of
 * this moment straight away (`joinGrant`: one `updateParticipant`). Resolves the guard's outcome, `undefined`
 * for any other event.
 */
async function policeJoin(
  ctx: RouteContext,
  event: WebhookEvent,
  receivedAt: number,
): Promise<GuardOutcome | undefined> {
  const name = event.room?.name ?? '';
  if (event.event !== 'participant_joined' || !VISIT_ROOM_NAME.test(name)) return undefined;
  try {
    const outcome = await guardRoom(ctx, name, {
      metadata: parseRoomMetadata(event.room?.metadata),
      ...(event.participant ? { joining: event.participant } : {}),
    });
    if (outcome !== 'policed') {
      ctx.report({ op: 'room-guarded', room: name, outcome });
      return outcome;
    }
    const grant = joinGrant(event, receivedAt);
    if (grant) await setSubscribePermission(ctx.rooms, name, grant.identity, grant.role, grant.canSubscribe);
    return outcome;
  } catch (error) {
    throw VisitHttpError.livekitUnreachable(error);
  }
}
