import type { ParticipantInfo, RoomServiceClient } from 'livekit-server-sdk';
import {
  ATTRIBUTE_VISIT,
  parseRoomMetadata,
  VisitSchema,
  type RoomMetadata,
  type Visit,
} from '@visitkit/core/protocol';
import { isNotFound } from './livekit.js';
import { roomMetadataFor, syncRoomMetadata } from './monitor-presence.js';
import { participantRef } from './participant-ref.js';
import type { VisitEvent, VisitEventOf } from './visit-events.js';
import type { VisitStore } from './visit-store.js';

/** The names the adapter gives visit rooms (`room-name.ts`): `vk_` + 32 hex. Only these rooms are policed. */
export const VISIT_ROOM_NAME = /^vk_[0-9a-f]{32}$/;

/** What {@link guardRoom} needs. */
export interface RoomGuardDeps {
  rooms: RoomServiceClient;
  /** Without a store, terminations and recorded policies are unknown: a room without metadata is closed. */
  store?: VisitStore | undefined;
  now: () => number;
  emit: (event: VisitEvent) => Promise<void>;
}

/**
 * - `policed`: the room carries a valid policy of a visit that was not terminated; nothing was done.
 * - `restored`: the room had lost its policy (LiveKit re-created it on a join); the policy recorded for the
 *   visit was written back and the parties' permissions follow it.
 * - `refused`: the visit was terminated: the room was deleted (everyone in it disconnected).
 * - `closed`: no policy could be established (or the visit is over): the room was deleted.
 */
export type GuardOutcome = 'policed' | 'restored' | 'refused' | 'closed';

/**
 * Makes sure a Visitkit-named room is never left unpoliced. LiveKit's default `room.auto_create: true` (and
 * LiveKit Cloud) re-create a deleted room when someone joins it with a still-valid token — without the
 * metadata the adapter wrote, so without time limit, monitor rule or ledger end. A room of a terminated visit
 * is deleted (with a `rejoin-refused` event per participant); a room without a valid policy gets the one the
 * store recorded for its visit (the `room-started` event's `visit`), or is deleted when there is none or the
 * visit is over. The visit comes from the metadata or, failing that, from the participants' server-set
 * `visitkit.visit` attribute (only a token signed with the API secret sets it). Rejects when LiveKit fails.
 *
 * @example
 * await guardRoom({ rooms, store, now: Date.now, emit }, 'vk_3f…', { metadata: parseRoomMetadata(room.metadata) });
 */
export async function guardRoom(
  deps: RoomGuardDeps,
  room: string,
  seen: {
    metadata?: RoomMetadata | undefined;
    participants?: readonly ParticipantInfo[];
    joining?: ParticipantInfo;
  } = {},
): Promise<GuardOutcome> {
  let metadata = seen.metadata;
  let gone = false;
  if (!metadata) {
    // What the caller saw may be stale (a webhook's snapshot; another instance may have restored it since).
    const [info] = await deps.rooms.listRooms([room]);
    gone = !info;
    metadata = parseRoomMetadata(info?.metadata);
  }
  let participants = seen.participants;
  const list = async (): Promise<readonly ParticipantInfo[]> => {
    if (!participants) {
      try {
        participants = gone ? [] : await deps.rooms.listParticipants(room);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        participants = [];
      }
      // The one who just joined counts even if the room was deleted under them since (their join was seen).
      const joining = seen.joining;
      if (joining && !participants.some((p) => p.sid === joining.sid)) participants = [...participants, joining];
    }
    return participants;
  };
  let visitId = metadata?.visit.id;
  if (!visitId) {
    const ids = new Set((await list()).map((p) => p.attributes[ATTRIBUTE_VISIT]).filter((id): id is string => !!id));
    // One visit per room: several (tokens minted elsewhere with the same key) cannot be policed as one.
    visitId = ids.size === 1 ? [...ids][0] : undefined;
  }
  if (visitId && (await deps.store?.termination(visitId))) {
    await close(deps, room, visitId, await list(), 'visit-terminated', gone);
    return 'refused';
  }
  if (metadata) return 'policed';
  if (gone) return 'closed'; // deleted since (by another instance, or LiveKit's timeouts): nothing to police
  const visit = visitId && deps.store ? recordedPolicy(await deps.store.list(visitId)) : undefined;
  const at = deps.now();
  if (!visit || at >= Date.parse(visit.endsAt)) {
    await close(deps, room, visitId, await list(), visit ? 'visit-ended' : 'policy-unknown', false);
    return 'closed';
  }
  const current = roomMetadataFor(visit, false);
  await deps.rooms.updateRoomMetadata(room, current);
  // Permissions of this moment (before the start, a required monitor), whatever the tokens said.
  await syncRoomMetadata(deps.rooms, room, { current, visit, participants: await list(), now: at });
  return 'restored';
}

/** The latest valid visit policy recorded with a `room-started` event, if any. */
export function recordedPolicy(events: readonly VisitEvent[]): Visit | undefined {
  const started = events
    .filter((e): e is VisitEventOf<'room-started'> => e.type === 'room-started' && e.visit !== undefined)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  for (const event of started) {
    const visit = VisitSchema.safeParse(event.visit);
    if (visit.success) return visit.data;
  }
  return undefined;
}

async function close(
  deps: RoomGuardDeps,
  room: string,
  visitId: string | undefined,
  participants: readonly ParticipantInfo[],
  reason: VisitEventOf<'rejoin-refused'>['reason'],
  gone: boolean,
): Promise<void> {
  if (!gone) {
    try {
      // Deleting disconnects everyone at once; removing participants one by one would leave the others together.
      await deps.rooms.deleteRoom(room);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  if (!visitId) return;
  const at = new Date(deps.now()).toISOString();
  for (const participant of participants) {
    await deps.emit({
      type: 'rejoin-refused',
      // One event per participant session, whichever instance (webhook or enforcer) refused it first.
      id: `refused_${participant.sid}`,
      visitId,
      at,
      room,
      participant: participantRef(participant),
      reason,
    });
  }
}
