import type { ParticipantInfo } from 'livekit-server-sdk';
import { ATTRIBUTE_ROLE, isGuestRole, visitorSeats, type Visit } from '@visitkit/core/protocol';

/** Why the enforcer removes a participant from a visit's room. */
export type IntruderReason = 'monitor-in-privileged-visit' | 'monitor-in-unmonitored-visit' | 'over-capacity';

/** The participant fields the rule reads. */
export type RoomParticipant = Pick<ParticipantInfo, 'identity' | 'sid' | 'attributes' | 'joinedAt' | 'joinedAtMs'>;

/**
 * Who must leave a visit's room, and why: monitors of a privileged or unmonitored visit, and the visitors or
 * attorneys beyond `visitorSeats` — the ones who joined last, since two token requests at the same moment may
 * both have passed the token route's capacity check.
 *
 * @example
 * for (const { participant, reason } of intruders(visit, await rooms.listParticipants(room))) …
 */
export function intruders<P extends RoomParticipant>(
  visit: Visit,
  participants: readonly P[],
): { participant: P; reason: IntruderReason }[] {
  const roleOf = (p: P): string | undefined => p.attributes[ATTRIBUTE_ROLE];
  const remove: { participant: P; reason: IntruderReason }[] = [];
  if (visit.kind === 'privileged' || !visit.monitored) {
    const reason = visit.kind === 'privileged' ? 'monitor-in-privileged-visit' : 'monitor-in-unmonitored-visit';
    for (const p of participants) if (roleOf(p) === 'monitor') remove.push({ participant: p, reason });
  }
  const joinedAt = (p: P): number => Number(p.joinedAtMs || p.joinedAt * 1000n);
  const guests = participants.filter((p) => isGuestRole(roleOf(p))).sort((a, b) => joinedAt(a) - joinedAt(b));
  for (const p of guests.slice(visitorSeats(visit))) remove.push({ participant: p, reason: 'over-capacity' });
  return remove;
}
