import { ParticipantInfo_State, type ParticipantInfo, type RoomServiceClient } from 'livekit-server-sdk';
import { ATTRIBUTE_VISIT, JoinedRequestSchema, parseRoomMetadata, type JoinedResponse } from '@visitkit/core/protocol';
import { resolveCaller } from '../authorize.js';
import { readJson } from '../body.js';
import type { RouteContext, RouteParams } from '../context.js';
import { jsonResponse, VisitHttpError } from '../http-error.js';
import { isNotFound } from '../livekit.js';
import { isPresentMonitor, syncRoomMetadata } from '../monitor-presence.js';
import { guardRoom } from '../room-guard.js';
import { mayReceiveMedia, partyRole, setSubscribePermission } from '../subscribe-permission.js';

const NOT_IN_ROOM = 'You are not in this visit right now.';

/**
 * `POST /visits/:visitId/joined {}`: a party (resident, visitor, attorney; authorized as for `token`) says that
 * LiveKit has answered its join. Tokens never carry `canSubscribe`; the adapter grants it once the party is in the
 * room, and LiveKit's `participant_joined` webhook comes only when the party's media transport is up — on a mobile
 * link hundreds of milliseconds later, and the subscription then costs another negotiation. Granted here, the
 * party's media transport comes up with the others' tracks already in it.
 *
 * The caller's word is only a hint of *when*: the adapter checks that LiveKit lists this identity in the visit's
 * room with its server-set role and visit, guards the room (a terminated visit's room is deleted: 409
 * `visit-terminated`), and gives exactly the `canSubscribe` the webhook would (`mayReceiveMedia`: not before
 * `startsAt`, on a `requireMonitor` visit only while a monitor is listed). The webhook stays the fallback, so a
 * client that never calls this loses nothing but time. 404 `not-found` when LiveKit does not list the caller.
 */
export async function joinedRoute(request: Request, params: RouteParams, ctx: RouteContext): Promise<Response> {
  await readJson(request, JoinedRequestSchema, ctx.maxBodyBytes);
  const caller = await resolveCaller(ctx.authorize, request, params.visitId, 'joined');
  if (caller.role === 'monitor') throw VisitHttpError.forbidden('A monitor receives media from its token.');
  const room = await ctx.roomName(caller.visit.id);
  const now = ctx.now();
  try {
    const [participant, [info]] = await Promise.all([
      findParticipant(ctx.rooms, room, caller.identity),
      ctx.rooms.listRooms([room]),
    ]);
    const role = participant ? partyRole(participant) : undefined;
    if (!participant || !role || participant.attributes[ATTRIBUTE_VISIT] !== caller.visit.id) {
      throw new VisitHttpError('not-found', NOT_IN_ROOM);
    }
    const metadata = parseRoomMetadata(info?.metadata);
    const outcome = await guardRoom(ctx, room, { metadata, joining: participant });
    switch (outcome) {
      case 'refused':
        throw new VisitHttpError('visit-terminated', 'This visit was ended by staff.');
      case 'closed':
        throw new VisitHttpError('not-found', NOT_IN_ROOM);
      case 'restored': {
        // The guard wrote the recorded policy back and set everyone's permission from it.
        const after = await findParticipant(ctx.rooms, room, caller.identity);
        return answer({ can_subscribe: after?.permission?.canSubscribe ?? false });
      }
      case 'policed':
        break;
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
    // `policed` means the room carries its policy, which is the one LiveKit just listed.
    const visit = metadata?.visit;
    if (!visit) throw new VisitHttpError('not-found', NOT_IN_ROOM);
    if (visit.requireMonitor) {
      // Who may receive depends on who else is in the room: recount, and set everyone's permission at once.
      const participants = await ctx.rooms.listParticipants(room);
      await syncRoomMetadata(ctx.rooms, room, { current: info?.metadata, participants, now });
      const monitorPresent = participants.some(isPresentMonitor);
      return answer({ can_subscribe: mayReceiveMedia(visit, role, { monitorPresent, now }) });
    }
    const canSubscribe = mayReceiveMedia(visit, role, { monitorPresent: false, now });
    if (participant.permission?.canSubscribe !== canSubscribe) {
      const set = await setSubscribePermission(ctx.rooms, room, participant.identity, role, canSubscribe);
      if (!set) throw new VisitHttpError('not-found', NOT_IN_ROOM);
    }
    return answer({ can_subscribe: canSubscribe });
  } catch (error) {
    if (error instanceof VisitHttpError) throw error;
    throw VisitHttpError.livekitUnreachable(error);
  }
}

function answer(body: JoinedResponse): Response {
  return jsonResponse(body);
}

/** The participant LiveKit lists under this identity in the room, or `undefined` (also once disconnected). */
async function findParticipant(
  rooms: RoomServiceClient,
  room: string,
  identity: string,
): Promise<ParticipantInfo | undefined> {
  try {
    const participant = await rooms.getParticipant(room, identity);
    return participant.state === ParticipantInfo_State.DISCONNECTED ? undefined : participant;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
