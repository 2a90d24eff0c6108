import type { Role } from './protocol/roles.js';
import type { Visit } from './protocol/visit.js';
import type { VisitParticipant } from './events.js';
import { otherPartyPresent } from './participants.js';
import { TypedEmitter } from './typed-emitter.js';

/**
 * How long the other party may be missing from the room before the lobby shows. A full reconnect (ours or
 * theirs) takes people out of LiveKit's participant list for a moment — theirs even looks like a leave and
 * a join — and a visit should not flash "waiting for the other person" for that.
 */
const PARTY_GRACE_MS = 6000;

/** `live`, a lobby reason, or `undefined` while a missing party is still within the grace period. */
export type PresenceDecision = 'live' | 'waiting-for-party' | 'waiting-for-monitor' | undefined;

/** Events of {@link PartyPresence}. */
export interface PartyPresenceEvents {
  /** The other party stayed away for the whole grace period: decide again. */
  'grace-over': () => void;
}

/**
 * Whether a connected visit is live or waits in the lobby: the other party (and, on a `requireMonitor`
 * visit, a monitor) must be here. When the other party was here and is suddenly missing, the decision
 * waits `PARTY_GRACE_MS` for them to come back (`grace-over` then asks for a new decision).
 *
 * @example
 * const presence = new PartyPresence();
 * presence.events.on('grace-over', update);
 * const decision = presence.decide(role, participants, visit);
 */
export class PartyPresence {
  readonly events = new TypedEmitter<PartyPresenceEvents>();
  /** From the room metadata: `false` while a `requireMonitor` visit must wait; `undefined` if not said. */
  #monitorPresent: boolean | undefined;
  /** The other party was here at the last decision; their absence then gets a grace period. */
  #partyWasHere = false;
  #grace: ReturnType<typeof setTimeout> | undefined;

  /** The room metadata said whether a monitor is in; returns whether that changed anything. */
  handleMonitorPresence(present: boolean | undefined): boolean {
    if (this.#monitorPresent === present) return false;
    this.#monitorPresent = present;
    return true;
  }

  decide(
    role: Role | undefined,
    participants: readonly VisitParticipant[],
    visit: Visit | undefined,
  ): PresenceDecision {
    if (otherPartyPresent(role, participants)) {
      this.#partyWasHere = true;
      this.dispose();
      // Monitors are hidden, so only the server knows whether one is here (room metadata); a server that
      // does not say (`undefined`) is not waited for.
      const waitForMonitor = role !== 'monitor' && visit?.requireMonitor === true && this.#monitorPresent === false;
      return waitForMonitor ? 'waiting-for-monitor' : 'live';
    }
    if (!this.#partyWasHere) return 'waiting-for-party';
    this.#grace ??= setTimeout(() => {
      this.#grace = undefined;
      this.#partyWasHere = false;
      this.events.emit('grace-over');
    }, PARTY_GRACE_MS);
    return undefined;
  }

  /** Stops the grace timer. */
  dispose(): void {
    clearTimeout(this.#grace);
    this.#grace = undefined;
  }
}
