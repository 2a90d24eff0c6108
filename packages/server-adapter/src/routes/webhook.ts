import type { WebhookEvent } from 'livekit-server-sdk';
import { readText } from '../body.js';
import type { RouteContext } from '../context.js';
import { jsonResponse, VisitHttpError } from '../http-error.js';
import { syncRoomMetadata } from '../monitor-presence.js';
import { monitorMovedIn, visitEventsFromWebhook } from '../webhook.js';

/** Webhook bodies are small JSON documents; anything bigger is not from LiveKit. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * `POST /livekit/webhook`: verifies the JWT in `Authorization` and the body's SHA-256 against it
 * (WebhookReceiver), refuses stale deliveries, turns the event into `VisitEvent`s and answers 200 only after
 * the store and `onEvent` both succeeded — otherwise 500, so LiveKit delivers it again. When a monitor joined
 * or left, it recounts the room's monitors and updates `monitorPresent` in the room metadata (also 500 on
 * failure: the recount is idempotent, so a re-delivery is safe).
 */
export async function webhookRoute(request: Request, ctx: RouteContext): Promise<Response> {
  const body = await readText(request, Math.max(ctx.maxBodyBytes, MAX_WEBHOOK_BYTES));
  const authorization = request.headers.get('authorization');
  if (!authorization) throw VisitHttpError.unauthenticated('Webhook is not signed.');
  let event: WebhookEvent;
  try {
    event = await ctx.receiver.receive(body, authorization);
  } catch {
    // Bad signature, wrong key, tampered body (hash mismatch), expired JWT or malformed JSON: all 401.
    throw VisitHttpError.unauthenticated('Webhook signature is not valid.');
  }
  const receivedAt = ctx.now();
  const ageSeconds = receivedAt / 1000 - Number(event.createdAt);
  if (!event.createdAt || ageSeconds > ctx.webhookMaxAgeSeconds) {
    throw VisitHttpError.unauthenticated('Webhook is too old.');
  }
  const events = visitEventsFromWebhook(event, receivedAt);
  for (const visitEvent of events) {
    if (visitEvent.type === 'room-finished') ctx.registry.forget(visitEvent.visitId);
    try {
      await ctx.emit(visitEvent);
    } catch (error) {
      throw VisitHttpError.internal(error);
    }
  }
  const room = monitorMovedIn(event);
  if (room) {
    try {
      await syncRoomMetadata(ctx.rooms, room);
    } catch (error) {
      throw VisitHttpError.livekitUnreachable(error);
    }
  }
  return jsonResponse({ received: events.length });
}
