import { ParticipantInfo_State, type ParticipantInfo, type RoomServiceClient } from 'livekit-server-sdk';
import { ATTRIBUTE_ROLE, parseRoomMetadata, type RoomMetadata, type Visit } from '@visitkit/core/protocol';
import { syncSubscribePermissions } from './subscribe-permission.js';

/** Whether a listed participant is a monitor still in the room (hidden participants are listed too). */
export function isPresentMonitor(participant: ParticipantInfo): boolean {
  return (
    participant.attributes[ATTRIBUTE_ROLE] === 'monitor' && participant.state !== ParticipantInfo_State.DISCONNECTED
  );
}

/**
 * The room metadata for a visit and whether a monitor is in the room (`monitorPresent`). Hidden monitors are
 * invisible to the other participants, so this flag is how a client on a `requireMonitor` visit knows it may
 * go live. The adapter is the only writer of room metadata.
 */
export function roomMetadataFor(visit: Visit, monitorPresent: boolean): string {
  const metadata: RoomMetadata = { visitkit: 1, visit, monitorPresent };
  return JSON.stringify(metadata);
}

/**
 * Recounts the monitors in a room, gives the parties the `canSubscribe` that allows now (not before
 * `startsAt`; on a `requireMonitor` visit only while a monitor is present — see `syncSubscribePermissions`),
 * then writes
 * `{visitkit: 1, visit, monitorPresent}` only when that changes the room's metadata. Permissions go first,
 * so a revoke is never later than the flag clients read. `visit` is the policy to write (the portal's
 * latest); without it the room's own metadata supplies it. Counting what LiveKit lists now, rather than
 * adding up join/leave webhooks, makes it idempotent and independent of the order in which webhooks
 * arrive. `participants` may pass a listing the caller just made; `now` is the adapter's clock. A room that
 * is gone or not a visit is left alone. Rejects when LiveKit fails.
 *
 * @example
 * await syncRoomMetadata(rooms, 'vk_3f…', { current: created.metadata, visit });
 */
export async function syncRoomMetadata(
  rooms: RoomServiceClient,
  room: string,
  known: { current?: string | undefined; visit?: Visit; participants?: readonly ParticipantInfo[]; now?: number } = {},
): Promise<'updated' | 'unchanged' | 'absent'> {
  let current = known.current;
  if (current === undefined) {
    const [info] = await rooms.listRooms([room]);
    if (!info) return 'absent';
    current = info.metadata;
  }
  const visit = known.visit ?? parseRoomMetadata(current)?.visit;
  if (!visit) return 'absent';
  const participants = known.participants ?? (await rooms.listParticipants(room));
  const monitorPresent = participants.some(isPresentMonitor);
  await syncSubscribePermissions(rooms, room, visit, participants, { monitorPresent, now: known.now ?? Date.now() });
  const next = roomMetadataFor(visit, monitorPresent);
  if (next === current) return 'unchanged';
  await rooms.updateRoomMetadata(room, next);
  return 'updated';
}
