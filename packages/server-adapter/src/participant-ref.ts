import type { ParticipantInfo } from 'livekit-server-sdk';
import { ATTRIBUTE_ROLE, RoleSchema } from '@visitkit/core/protocol';
import type { ParticipantRef } from './visit-events.js';

/**
 * A LiveKit participant as events record it: identity, session id, server-set role (when valid), name.
 *
 * @example
 * participantRef(await rooms.getParticipant(room, 'fam-1')) // { identity: 'fam-1', sid: 'PA_…', role: 'visitor' }
 */
export function participantRef(participant: ParticipantInfo): ParticipantRef {
  const role = RoleSchema.safeParse(participant.attributes[ATTRIBUTE_ROLE]);
  return {
    identity: participant.identity,
    sid: participant.sid,
    ...(role.success ? { role: role.data } : {}),
    ...(participant.name ? { name: participant.name } : {}),
  };
}
