import { MuteRequestSchema, TerminateRequestSchema, WarnRequestSchema } from '@visitkit/core/protocol';
import { refusePrivileged, requireMonitor, resolveCaller, type Caller, type VisitAction } from '../authorize.js';
import { readJson } from '../body.js';
import type { RouteContext, RouteParams } from '../context.js';
import { sendControl } from '../control.js';
import { jsonResponse, VisitHttpError } from '../http-error.js';
import { isNotFound } from '../livekit.js';
import { refuseUnmonitored } from '../monitoring.js';
import { closeRoom, muteTrack } from '../staff-actions.js';
import { newEventId, type StaffRef } from '../visit-events.js';

async function staffCaller(
  request: Request,
  params: RouteParams,
  ctx: RouteContext,
  action: VisitAction,
): Promise<Caller> {
  const caller = await resolveCaller(ctx.authorize, request, params.visitId, action);
  requireMonitor(caller);
  return caller;
}

function staffRef(caller: Caller): StaffRef {
  return caller.name ? { identity: caller.identity, name: caller.name } : { identity: caller.identity };
}

/**
 * `POST /visits/:visitId/terminate {reason}`: marks the visit terminated (no new tokens, 409), tells the
 * room why, then closes it. Allowed on privileged visits too (a facility emergency ends any visit);
 * the staff member and reason are in the event and the ledger.
 */
export async function terminateRoute(request: Request, params: RouteParams, ctx: RouteContext): Promise<Response> {
  const body = await readJson(request, TerminateRequestSchema, ctx.maxBodyBytes);
  const caller = await staffCaller(request, params, ctx, 'terminate');
  const visitId = caller.visit.id;
  // Recorded first: from here on no token is issued, even while the room is still being closed.
  await ctx.emit({
    type: 'visit-terminated',
    id: newEventId('terminate'),
    visitId,
    at: new Date(ctx.now()).toISOString(),
    staff: staffRef(caller),
    reason: body.reason,
  });
  const room = await ctx.roomName(visitId);
  ctx.registry.forget(visitId);
  const removed = await closeRoom(
    ctx.rooms,
    room,
    { reason: 'terminated', message: body.reason, id: 'ending-terminated' },
    ctx.terminateGraceMs,
  );
  return jsonResponse({ terminated: true, removed });
}

/** `POST /visits/:visitId/warn {code, message?}`: an `announcement` control message to the room. */
export async function warnRoute(request: Request, params: RouteParams, ctx: RouteContext): Promise<Response> {
  const body = await readJson(request, WarnRequestSchema, ctx.maxBodyBytes);
  const caller = await staffCaller(request, params, ctx, 'warn');
  refusePrivileged(caller);
  const id = newEventId('warn');
  const room = await ctx.roomName(caller.visit.id);
  try {
    // LiveKit answers sendData to a missing room with 503 (no node hosts it): ask first, to say 404.
    if ((await ctx.rooms.listRooms([room])).length === 0) throw VisitHttpError.notFound('The visit has no open room.');
    await sendControl(ctx.rooms, room, {
      type: 'announcement',
      code: body.code,
      ...(body.message ? { message: body.message } : {}),
      id: id.slice(0, 64),
    });
  } catch (error) {
    if (error instanceof VisitHttpError) throw error;
    if (isNotFound(error)) throw VisitHttpError.notFound('The visit has no open room.');
    throw VisitHttpError.livekitUnreachable(error);
  }
  await ctx.emit({
    type: 'visit-warned',
    id,
    visitId: caller.visit.id,
    at: new Date(ctx.now()).toISOString(),
    staff: staffRef(caller),
    code: body.code,
    ...(body.message ? { message: body.message } : {}),
  });
  return jsonResponse({ sent: true });
}

/**
 * `POST /visits/:visitId/mute {identity, track}`: server-side mute of one participant's audio or video. Only on
 * a monitored visit (403 `not-monitored` otherwise): muting what someone says presumes someone listened.
 */
export async function muteRoute(request: Request, params: RouteParams, ctx: RouteContext): Promise<Response> {
  const body = await readJson(request, MuteRequestSchema, ctx.maxBodyBytes);
  const caller = await staffCaller(request, params, ctx, 'mute');
  refusePrivileged(caller);
  refuseUnmonitored(caller.visit);
  const room = await ctx.roomName(caller.visit.id);
  const track = await muteTrack(ctx.rooms, room, body.identity, body.track);
  await ctx.emit({
    type: 'track-muted',
    id: newEventId('mute'),
    visitId: caller.visit.id,
    at: new Date(ctx.now()).toISOString(),
    staff: staffRef(caller),
    participant: { identity: body.identity, sid: track.participantSid },
    track: { sid: track.sid, kind: body.track },
  });
  return jsonResponse({ muted: true, track_sid: track.sid });
}
