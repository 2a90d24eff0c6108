import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Role } from '@visitkit/core/protocol';

/**
 * The LiveKit grant of each role (DESIGN.md "Roles → LiveKit grants"). Publishing is limited to camera and
 * microphone (no screen share); a monitor publishes nothing and is hidden. Never granted: `roomAdmin`,
 * `roomCreate`, `roomList`, `roomRecord`, `canUpdateOwnMetadata`.
 *
 * @example
 * token.addGrant(grantFor('visitor', 'vk_3f1c…'));
 */
export function grantFor(role: Role, room: string): VideoGrant {
  const base = {
    room,
    roomJoin: true,
    canSubscribe: true,
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
