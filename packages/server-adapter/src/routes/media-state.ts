import { ATTRIBUTE_MEDIA, MediaStateRequestSchema } from '@visitkit/core/protocol';
import { resolveCaller } from '../authorize.js';
import { readJson } from '../body.js';
import type { RouteContext, RouteParams } from '../context.js';
import { jsonResponse, VisitHttpError } from '../http-error.js';
import { isNotFound } from '../livekit.js';

/**
 * `POST /visits/:visitId/media-state {video}`: a party (resident, visitor, attorney) says what its own video is
 * doing — `audio-only` by choice, `weak-connection` when its uplink cannot carry video, `sending` again — so the
 * other side can say why the picture stopped. The adapter sets it as the party's `visitkit.media` attribute in
 * LiveKit: everyone in the room sees it, the monitor included. Parties have no data channel (a side channel on a
 * supervised visit, which a party could aim past the monitor); this route carries one of three words and nothing
 * else. 404 `not-found` when the caller is not in the visit's room.
 */
export async function mediaStateRoute(request: Request, params: RouteParams, ctx: RouteContext): Promise<Response> {
  const body = await readJson(request, MediaStateRequestSchema, ctx.maxBodyBytes);
  const caller = await resolveCaller(ctx.authorize, request, params.visitId, 'media-state');
  if (caller.role === 'monitor') throw VisitHttpError.forbidden('Monitors publish no media.');
  const room = await ctx.roomName(caller.visit.id);
  try {
    await ctx.rooms.updateParticipant(room, caller.identity, { attributes: { [ATTRIBUTE_MEDIA]: body.video } });
  } catch (error) {
    if (isNotFound(error)) throw new VisitHttpError('not-found', 'You are not in this visit right now.');
    throw VisitHttpError.livekitUnreachable(error);
  }
  return jsonResponse({ video: body.video });
}
