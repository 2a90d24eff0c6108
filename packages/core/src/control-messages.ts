import { decodeControlMessage } from './protocol/control.js';
import type { ControlMessage } from './protocol/control.js';
import { CONTROL_TOPIC } from './protocol/roles.js';
import type { DataSender } from './livekit-room.js';
import { roleOf } from './participants.js';

/** The verdict on one data packet. */
export type ControlVerdict =
  | { kind: 'accept'; message: ControlMessage }
  | { kind: 'ignore' }
  | { kind: 'reject'; from: string | undefined; reason: string };

/** How many message ids are remembered for de-duplication. */
const MAX_SEEN_IDS = 256;

/**
 * Why a sender may not send control messages, or `undefined` when it may. Trust comes only from what
 * LiveKit says about the sender: no identity is the server (RoomService.sendData; hidden monitors look the
 * same), an identity counts only while it is a participant of this room whose server-set role is `monitor`.
 * A sender who already left or is not known yet is refused: its packet must not pass for the server's.
 */
function distrust(sender: DataSender): string | undefined {
  if (sender.identity === undefined) return undefined;
  if (!sender.participant) return 'sender is not in the room (left, or not known yet)';
  if (roleOf(sender.participant) !== 'monitor') return 'sender is not allowed to send control messages';
  return undefined;
}

/**
 * Filters data packets on the control topic: only the server or a participant whose server-set role is
 * `monitor` may send them, and they must pass the protocol schema. A repeated id from the same trusted
 * sender is dropped silently (the server may resend); ids are remembered only for accepted messages, so
 * an untrusted sender cannot burn the id of a real message. Other topics are not ours and are ignored.
 *
 * @example
 * const filter = new ControlMessageFilter();
 * const verdict = filter.handle(payload, topic, { identity: undefined, participant: undefined });
 * if (verdict.kind === 'accept') apply(verdict.message);
 */
export class ControlMessageFilter {
  readonly #seen = new Set<string>();

  handle(payload: Uint8Array, topic: string | undefined, sender: DataSender): ControlVerdict {
    if (topic !== CONTROL_TOPIC) return { kind: 'ignore' };
    const from = sender.identity;
    const refused = distrust(sender);
    if (refused !== undefined) return { kind: 'reject', from, reason: refused };
    const decoded = decodeControlMessage(payload);
    if (!decoded.ok) return { kind: 'reject', from, reason: decoded.reason };
    const { id } = decoded.message;
    if (id !== undefined && !this.#remember(JSON.stringify([from ?? null, id]))) return { kind: 'ignore' };
    return { kind: 'accept', message: decoded.message };
  }

  /** Records an id (scoped to its sender); false when it was seen already. */
  #remember(key: string): boolean {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (this.#seen.size > MAX_SEEN_IDS) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
