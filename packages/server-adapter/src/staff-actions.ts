import { TrackSource, TrackType, type RoomServiceClient } from 'livekit-server-sdk';
import { isNotFound } from './livekit.js';
import { partyRole, permissionFor } from './subscribe-permission.js';
import { pause, sendControl } from './control.js';
import { VisitHttpError } from './http-error.js';

/** Default pause between the `ending` control message and deleting the room, so clients can show why. */
export const TERMINATE_GRACE_MS = 300;

/**
 * Ends a visit's room for everyone: first takes every party's `canSubscribe` away (media between them stops
 * at once, and LiveKit hands each client a refreshed token without it — the token a client such as
 * livekit-client would rejoin with), then tells them why (`ending {reason:'terminated'}`), waits `graceMs` so
 * the message arrives, then deletes the room, which disconnects every participant. A room that is already
 * gone is fine (nothing left to end). Returns how many participants were there.
 */
export async function closeRoom(
  rooms: RoomServiceClient,
  room: string,
  message: { reason: 'terminated' | 'time-limit'; message?: string; id: string },
  graceMs: number,
): Promise<number> {
  try {
    const participants = await rooms.listParticipants(room);
    for (const participant of participants) {
      const role = partyRole(participant);
      if (!role || participant.permission?.canSubscribe === false) continue;
      try {
        await rooms.updateParticipant(room, participant.identity, { permission: permissionFor(role, false) });
      } catch (error) {
        if (!isNotFound(error)) throw error; // one who left meanwhile needs no revoking
      }
    }
    if (participants.length > 0) {
      await sendControl(rooms, room, { type: 'ending', ...message });
      if (graceMs > 0) await pause(graceMs);
    }
    await rooms.deleteRoom(room);
    return participants.length;
  } catch (error) {
    if (isNotFound(error)) return 0;
    throw VisitHttpError.livekitUnreachable(error);
  }
}

/**
 * Mutes one published track of a participant on the server (they cannot unmute it silently: the client
 * sees it muted by the server). Throws 404 when the participant or such a track is not in the room.
 */
export async function muteTrack(
  rooms: RoomServiceClient,
  room: string,
  identity: string,
  kind: 'audio' | 'video',
): Promise<{ sid: string; participantSid: string }> {
  let participant;
  try {
    participant = await rooms.getParticipant(room, identity);
  } catch (error) {
    if (isNotFound(error)) throw VisitHttpError.notFound('That participant is not in the visit.');
    throw VisitHttpError.livekitUnreachable(error);
  }
  const wantedType = kind === 'audio' ? TrackType.AUDIO : TrackType.VIDEO;
  const wantedSource = kind === 'audio' ? TrackSource.MICROPHONE : TrackSource.CAMERA;
  const track =
    participant.tracks.find((t) => t.type === wantedType && t.source === wantedSource) ??
    participant.tracks.find((t) => t.type === wantedType);
  if (!track) throw VisitHttpError.notFound(`That participant publishes no ${kind}.`);
  try {
    await rooms.mutePublishedTrack(room, identity, track.sid, true);
  } catch (error) {
    if (isNotFound(error)) throw VisitHttpError.notFound('That track is gone.');
    throw VisitHttpError.livekitUnreachable(error);
  }
  return { sid: track.sid, participantSid: participant.sid };
}
