import {
  ParticipantInfo_State,
  type ParticipantInfo,
  type ParticipantPermission,
  type RoomServiceClient,
} from 'livekit-server-sdk';
import { ATTRIBUTE_ROLE, RoleSchema, type Role, type Visit } from '@visitkit/core/protocol';
import { grantFor } from './grants.js';
import { isNotFound } from './livekit.js';

/** What {@link mayReceiveMedia} depends on besides the visit and the role. */
export interface MediaMoment {
  /** Whether a monitor is in the room now (as LiveKit lists it). */
  monitorPresent: boolean;
  /** Now, in ms since the epoch (the adapter's clock). */
  now: number;
}

/**
 * Whether a participant of this role may receive the others' media now. The resident, visitors and
 * attorneys may not before `startsAt` (the lobby is enforced by the server, not only by the client), nor on
 * a `requireMonitor` visit while no monitor is in the room: the server withholds `canSubscribe`, so nothing
 * reaches them whatever the client does. A terminated visit gets no token at all (token route), and its room
 * is closed. Monitors always may.
 *
 * @example
 * mayReceiveMedia(visit, 'visitor', { monitorPresent: false, now: Date.now() }) // false before startsAt
 */
export function mayReceiveMedia(visit: Visit, role: Role, { monitorPresent, now }: MediaMoment): boolean {
  if (role === 'monitor') return true;
  if (now < Date.parse(visit.startsAt)) return false;
  return !visit.requireMonitor || monitorPresent;
}

/**
 * The full LiveKit permission of a participant of this role with `canSubscribe` as given. LiveKit replaces
 * permissions as a whole, so everything else repeats the role's token grant (`grantFor`): for a party
 * camera + microphone, data, not hidden, no metadata updates.
 *
 * @example
 * await rooms.updateParticipant(room, 'fam-1', { permission: permissionFor('visitor', true) });
 */
export function permissionFor(role: Role, canSubscribe: boolean): Partial<ParticipantPermission> {
  const grant = grantFor(role, '', { canSubscribe });
  return {
    canSubscribe,
    canPublish: grant.canPublish ?? false,
    canPublishSources: grant.canPublishSources ?? [],
    canPublishData: grant.canPublishData ?? false,
    canUpdateMetadata: grant.canUpdateOwnMetadata ?? false,
    hidden: grant.hidden ?? false,
  };
}

/** The server-set role of a resident, visitor or attorney; `undefined` for monitors and strangers. */
export function partyRole(participant: ParticipantInfo): Role | undefined {
  const role = RoleSchema.safeParse(participant.attributes[ATTRIBUTE_ROLE]);
  return role.success && role.data !== 'monitor' ? role.data : undefined;
}

/**
 * Gives every party in the room the `canSubscribe` that {@link mayReceiveMedia} allows now: granted at the
 * start and when a required monitor is present, revoked when the last one left. Only participants whose listed permission differs
 * are updated, so a repeated call changes nothing; one that left in the meantime is skipped. On grant,
 * LiveKit subscribes auto-subscribing clients to the tracks already published; on revoke it drops their
 * subscriptions. Rejects when LiveKit fails.
 *
 * @example
 * await syncSubscribePermissions(rooms, 'vk_3f…', visit, await rooms.listParticipants('vk_3f…'), { monitorPresent: true, now: Date.now() });
 */
export async function syncSubscribePermissions(
  rooms: RoomServiceClient,
  room: string,
  visit: Visit,
  participants: readonly ParticipantInfo[],
  moment: MediaMoment,
): Promise<number> {
  let updated = 0;
  for (const participant of participants) {
    const role = partyRole(participant);
    if (!role || participant.state === ParticipantInfo_State.DISCONNECTED) continue;
    const canSubscribe = mayReceiveMedia(visit, role, moment);
    if (participant.permission?.canSubscribe === canSubscribe) continue;
    if (await setSubscribePermission(rooms, room, participant.identity, role, canSubscribe)) updated += 1;
  }
  return updated;
}

/**
 * Sets one participant's `canSubscribe` (with the rest of their role's permission, {@link permissionFor}).
 * Resolves `false` when they are no longer in the room; rejects when LiveKit fails otherwise.
 *
 * @example
 * await setSubscribePermission(rooms, 'vk_3f…', 'fam-1', 'visitor', true);
 */
export async function setSubscribePermission(
  rooms: RoomServiceClient,
  room: string,
  identity: string,
  role: Role,
  canSubscribe: boolean,
): Promise<boolean> {
  try {
    await rooms.updateParticipant(room, identity, { permission: permissionFor(role, canSubscribe) });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
