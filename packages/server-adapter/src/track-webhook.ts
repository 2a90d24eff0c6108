import type { WebhookEvent } from 'livekit-server-sdk';
import { ATTRIBUTE_VISIT, parseRoomMetadata } from '@visitkit/core/protocol';
import { isNotFound } from './livekit.js';
import { VISIT_ROOM_NAME } from './room-guard.js';
import type { RouteContext } from './context.js';

/**
 * LiveKit's `track_published` / `track_unpublished` webhooks carry neither the room's metadata nor the participant's
 * attributes, so on their own they name no visit and no role. Fill both in from LiveKit (one `ListRooms`, and one
 * `GetParticipant` while the publisher is still in the room) so the ledger records who published what. Other events,
 * and rooms that are not Visitkit's, are returned unchanged. Rejects when LiveKit cannot be asked (the webhook then
 * answers 5xx and LiveKit delivers it again).
 *
 * @example
 * const complete = await withTrackContext(ctx, event);
 * visitEventsFromWebhook(complete, receivedAt);
 */
export async function withTrackContext(ctx: Pick<RouteContext, 'rooms'>, event: WebhookEvent): Promise<WebhookEvent> {
  if (event.event !== 'track_published' && event.event !== 'track_unpublished') return event;
  const name = event.room?.name ?? '';
  if (!VISIT_ROOM_NAME.test(name) || !event.participant) return event;
  let metadata = event.room?.metadata ?? '';
  if (!parseRoomMetadata(metadata)) {
    const [room] = await ctx.rooms.listRooms([name]);
    metadata = room?.metadata ?? '';
  }
  let attributes = event.participant.attributes;
  if (!attributes[ATTRIBUTE_VISIT]) {
    try {
      attributes = (await ctx.rooms.getParticipant(name, event.participant.identity)).attributes;
    } catch (error) {
      // Gone already (an unpublish as they leave): the room's visit is still known, only the role is not. On a
      // LiveKit cluster a participant of a closed room is not "not found" but unreachable (no node hosts the room),
      // and failing the webhook there costs more than the role: LiveKit retries it for ~30 s, then drops the
      // webhooks queued behind it — the participant_left and room_finished the ledger needs (measured, v1.13.5).
      if (!isNotFound(error) && event.event !== 'track_unpublished') throw error;
    }
  }
  const room = event.room ? { ...event.room, metadata } : event.room;
  return { ...event, room, participant: { ...event.participant, attributes } } as WebhookEvent;
}
