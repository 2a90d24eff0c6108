import { decodeControlMessage } from './protocol/control.js';
import type { ControlMessage } from './protocol/control.js';
import { CONTROL_TOPIC } from './protocol/roles.js';
import type { RoomParticipant } from './livekit-room.js';
import { roleOf } from './participants.js';

/** The verdict on one data packet. */
export type ControlVerdict =
  | { kind: 'accept'; message: ControlMessage }
  | { kind: 'ignore' }
  | { kind: 'reject'; from: string | undefined; reason: string };

/** How many message ids are remembered for de-duplication. */
const MAX_SEEN_IDS = 256;

/**
 * Filters data packets on the control topic: only the server (no sender) or a participant whose
 * server-set role is `monitor` may send them, and they must pass the protocol schema. Repeated ids are
 * dropped silently (the server may resend). Other topics are not ours and are ignored.
 *
 * @example
 * const filter = new ControlMessageFilter();
 * const verdict = filter.handle(payload, topic, sender);
 * if (verdict.kind === 'accept') apply(verdict.message);
 */
export class ControlMessageFilter {
  readonly #seen = new Set<string>();

  handle(payload: Uint8Array, topic: string | undefined, sender: RoomParticipant | undefined): ControlVerdict {
    if (topic !== CONTROL_TOPIC) return { kind: 'ignore' };
    const from = sender?.identity;
    if (sender && roleOf(sender) !== 'monitor') {
      return { kind: 'reject', from, reason: 'sender is not allowed to send control messages' };
    }
    const decoded = decodeControlMessage(payload);
    if (!decoded.ok) return { kind: 'reject', from, reason: decoded.reason };
    const { id } = decoded.message;
    if (id !== undefined) {
      if (this.#seen.has(id)) return { kind: 'ignore' };
      this.#seen.add(id);
      if (this.#seen.size > MAX_SEEN_IDS) {
        const oldest = this.#seen.values().next().value;
        if (oldest !== undefined) this.#seen.delete(oldest);
      }
    }
    return { kind: 'accept', message: decoded.message };
  }
}
