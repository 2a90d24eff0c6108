import type { EndingReason } from './protocol/control.js';
import type { RoomDisconnectCause } from './livekit-room.js';
import type { EndReason } from './visit-state.js';

/** The last `ending` control message seen, if any. */
export interface EndingNotice {
  readonly reason: EndingReason;
  readonly message?: string;
}

/** How a LiveKit disconnect ends the visit: a reason, or `recover` when a fresh token may bring it back. */
export type EndDecision = { end: EndReason; message?: string } | { recover: true };

/**
 * Maps LiveKit's disconnect cause (plus the last `ending` message and the time left) to an end reason.
 * Removal and room deletion carry the staff reason when an `ending` message announced them.
 *
 * @example
 * endReasonFor('participant-removed', { reason: 'terminated', message: 'Rules' }, 60_000);
 * // → { end: 'terminated', message: 'Rules' }
 */
export function endReasonFor(
  cause: RoomDisconnectCause,
  ending: EndingNotice | undefined,
  timeLeftMs: number | undefined,
): EndDecision {
  const announced = (fallback: EndReason): { end: EndReason; message?: string } => {
    if (!ending) return { end: fallback };
    const end: EndReason = ending.reason;
    return ending.message === undefined ? { end } : { end, message: ending.message };
  };
  switch (cause) {
    case 'client':
      return { end: 'left' };
    case 'duplicate-identity':
      return { end: 'duplicate-session' };
    case 'participant-removed':
      // Removed after an `ending` message (or once the time is up: a copy of the room the end did not reach, see
      // the enforcer): the visit ended for that reason, not the person.
      if (ending) return announced('removed');
      return timeLeftMs !== undefined && timeLeftMs <= 2000 ? { end: 'time-limit' } : { end: 'removed' };
    case 'room-deleted':
      return announced(timeLeftMs !== undefined && timeLeftMs <= 2000 ? 'time-limit' : 'terminated');
    case 'server-shutdown':
      return { end: 'server-shutdown' };
    case 'other':
      return { recover: true };
    default: {
      const unreachable: never = cause;
      return unreachable;
    }
  }
}
