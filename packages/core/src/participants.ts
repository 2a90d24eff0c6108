import { ATTRIBUTE_ROLE, RoleSchema } from './protocol/roles.js';
import type { Role } from './protocol/roles.js';
import type { VideoPause, VisitParticipant } from './events.js';
import type { RoomParticipant } from './livekit-room.js';

/** The server-set role of a participant, or `undefined` when it has none (or an unknown one). */
export function roleOf(participant: { attributes: Readonly<Record<string, string>> }): Role | undefined {
  const parsed = RoleSchema.safeParse(participant.attributes[ATTRIBUTE_ROLE]);
  return parsed.success ? parsed.data : undefined;
}

/** What participants.ts asks about media it cannot see in a room snapshot (`media-health.ts` answers). */
export interface MediaView {
  videoPaused(participant: RoomParticipant): VideoPause | undefined;
  audioFlowing(participant: RoomParticipant): boolean | undefined;
}

const NO_MEDIA_VIEW: MediaView = { videoPaused: () => undefined, audioFlowing: () => undefined };

/**
 * Turns room participants into the snapshots the UI renders: local first, monitors hidden from
 * everyone but monitors (LiveKit already hides them; this is the belt to its braces).
 *
 * @example
 * const list = toVisitParticipants(room.participants(), 'visitor');
 */
export function toVisitParticipants(
  participants: readonly RoomParticipant[],
  viewerRole: Role | undefined,
  media: MediaView = NO_MEDIA_VIEW,
): VisitParticipant[] {
  const list: VisitParticipant[] = [];
  for (const participant of participants) {
    const role = roleOf(participant);
    if (role === 'monitor' && viewerRole !== 'monitor' && !participant.isLocal) continue;
    list.push({
      identity: participant.identity,
      name: participant.name,
      role,
      isLocal: participant.isLocal,
      micEnabled: participant.micEnabled,
      cameraEnabled: participant.cameraEnabled,
      speaking: participant.speaking,
      quality: participant.quality,
      videoTrack: participant.videoTrack,
      audioTrack: participant.audioTrack,
      e2ee: participant.e2ee,
      videoPaused: media.videoPaused(participant),
      audioFlowing: media.audioFlowing(participant),
    });
  }
  list.sort((a, b) => Number(b.isLocal) - Number(a.isLocal));
  return list;
}

/** Whether two snapshots would render the same (so no `participants` event is needed). */
export function sameParticipant(a: VisitParticipant, b: VisitParticipant): boolean {
  return (
    a.identity === b.identity &&
    a.name === b.name &&
    a.role === b.role &&
    a.micEnabled === b.micEnabled &&
    a.cameraEnabled === b.cameraEnabled &&
    a.speaking === b.speaking &&
    a.quality === b.quality &&
    a.videoTrack === b.videoTrack &&
    a.audioTrack === b.audioTrack &&
    a.e2ee === b.e2ee &&
    a.videoPaused?.reason === b.videoPaused?.reason &&
    a.videoPaused?.by === b.videoPaused?.by &&
    a.audioFlowing === b.audioFlowing
  );
}

/** What changed between two participant lists. */
export interface ParticipantsDiff {
  joined: VisitParticipant[];
  left: VisitParticipant[];
  changed: boolean;
}

export function diffParticipants(
  before: readonly VisitParticipant[],
  after: readonly VisitParticipant[],
): ParticipantsDiff {
  const beforeById = new Map(before.map((p) => [p.identity, p]));
  const afterIds = new Set(after.map((p) => p.identity));
  const joined = after.filter((p) => !p.isLocal && !beforeById.has(p.identity));
  const left = before.filter((p) => !p.isLocal && !afterIds.has(p.identity));
  const changed =
    before.length !== after.length ||
    after.some((p, index) => {
      const previous = before[index];
      return previous === undefined || !sameParticipant(previous, p);
    });
  return { joined, left, changed };
}

/**
 * Whether the people a visit needs are present, seen from `self`'s role. A resident needs a visitor or
 * attorney; a visitor or attorney needs the resident; a monitor observes whoever is there.
 * Hidden monitors are invisible to non-monitors, so `requireMonitor` is the server's to enforce.
 */
export function otherPartyPresent(self: Role | undefined, participants: readonly VisitParticipant[]): boolean {
  const remote = participants.filter((p) => !p.isLocal);
  switch (self) {
    case 'resident':
      return remote.some((p) => p.role === 'visitor' || p.role === 'attorney');
    case 'visitor':
    case 'attorney':
      return remote.some((p) => p.role === 'resident');
    case 'monitor':
      return true;
    case undefined:
      return remote.some((p) => p.role !== 'monitor');
    default: {
      const unreachable: never = self;
      return unreachable;
    }
  }
}
