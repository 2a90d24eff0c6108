import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { Role } from '@visitkit/core/protocol';

/**
 * The LiveKit grant of each role (docs/architecture.md "Roles → LiveKit grants"): the least each needs. Publishing is
 * limited to camera and microphone (no screen share); parties may send data only for their media state
 * (`visitkit.media`: "audio only", "weak connection"), which clients believe only for the notice on the
 * sender's own tile — control messages from a party are still rejected by every client (trust rules); a
 * monitor publishes no media, is hidden and may send control messages. Never
 * granted: `roomAdmin`, `roomCreate`, `roomList`, `roomRecord`, `canUpdateOwnMetadata`. The token route
 * issues parties `canSubscribe: false`; the adapter grants it with `updateParticipant` once the participant
 * is in a room that carries the visit's policy and `mayReceiveMedia` allows it.
 *
 * @example
 * token.addGrant(grantFor('monitor', 'vk_3f1c…'));
 * token.addGrant(grantFor('resident', 'vk_3f1c…', { canSubscribe: false })); // granted once in the room
 */
export function grantFor(
  role: Role,
  room: string,
  { canSubscribe = true }: { canSubscribe?: boolean } = {},
): VideoGrant {
  const base = {
    room,
    roomJoin: true,
    canSubscribe,
    canUpdateOwnMetadata: false,
  } satisfies VideoGrant;
  switch (role) {
    case 'resident':
    case 'visitor':
    case 'attorney':
      return {
        ...base,
        canPublish: true,
        canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
        // The media-state notice ("audio only", "video paused — weak connection") of the sender's own tile.
        canPublishData: true,
        hidden: false,
      };
    case 'monitor':
      // Staff may send control messages from the page; clients accept them only from a server-set monitor.
      return { ...base, canPublish: false, canPublishSources: [], canPublishData: true, hidden: true };
    default: {
      const unreachable: never = role;
      throw new TypeError(`unknown role ${String(unreachable)}`);
    }
  }
}
