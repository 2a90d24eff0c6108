import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Role } from '@visitkit/core/protocol';

/**
 * The LiveKit grant of each role (DESIGN.md "Roles → LiveKit grants"). Publishing is limited to camera and
 * microphone (no screen share); a monitor publishes nothing and is hidden. Never granted: `roomAdmin`,
 * `roomCreate`, `roomList`, `roomRecord`, `canUpdateOwnMetadata`. `canSubscribe` is false only for a party
 * of a `requireMonitor` visit while no monitor is present (`mayReceiveMedia`); the adapter grants it with
 * `updateParticipant` once one joins.
 *
 * @example
 * token.addGrant(grantFor('visitor', 'vk_3f1c…'));
 * token.addGrant(grantFor('resident', 'vk_3f1c…', { canSubscribe: false })); // waiting for a monitor
 */
export function grantFor(role: Role, room: string, { canSubscribe = true }: { canSubscribe?: boolean } = {}): VideoGrant {
  const base = {
    room,
    roomJoin: true,
    canSubscribe,
    canPublishData: true,
    canUpdateOwnMetadata: false,
  } satisfies VideoGrant;
  switch (role) {
    case 'resident':
    case 'visitor':
    case 'attorney':
      return { ...base, canPublish: true, canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE], hidden: false };
    case 'monitor':
      // canPublishData stays on so staff can send control messages; clients accept them only from monitors.
      return { ...base, canPublish: false, canPublishSources: [], hidden: true };
    default: {
      const unreachable: never = role;
      throw new TypeError(`unknown role ${String(unreachable)}`);
    }
  }
}
