import type { EndingNotice } from './end-reason.js';
import { endReasonFor } from './end-reason.js';
import type { RoomDisconnectCause } from './livekit-room.js';
import type { PresenceDecision } from './party-presence.js';
import { VisitState, canTransition } from './visit-state.js';
import type { EndReason, LobbyReason } from './visit-state.js';

/**
 * How the client's LiveKit link stands — the part of the lifecycle the state alone does not say.
 * - `down`: no connected room (before `connect()` resolved, or after the room was closed);
 * - `up`: connected, and LiveKit's participant list is current;
 * - `stale`: connected, but LiveKit is reconnecting: it drops remote participants while it restarts, so the
 *   list is not current until it reports that it recovered;
 * - `recovering`: LiveKit gave up; the client is connecting a new room with a fresh token.
 */
export type Link = 'down' | 'up' | 'stale' | 'recovering';

/** Everything that moves the visit lifecycle, named after what happened. */
export type LifecycleEvent =
  | { type: 'preview-requested' }
  | { type: 'preview-stopped' }
  | { type: 'join-requested' }
  /** The token (and with it the visit's times) arrived; `untilStartMs` > 0 means the visit has not started. */
  | { type: 'token-received'; untilStartMs: number | undefined }
  /** `startsAt` passed on the server clock while waiting in the lobby. */
  | { type: 'visit-started' }
  /** The room's `connect()` resolved. */
  | { type: 'room-connected' }
  /** LiveKit lost the connection and is restarting it by itself. */
  | { type: 'room-reconnecting' }
  /** LiveKit restored the connection: its participant list is current again. */
  | { type: 'room-reconnected' }
  /** LiveKit closed the room; `timeLeftMs` is the visit's time left on the server clock. */
  | { type: 'room-disconnected'; cause: RoomDisconnectCause; timeLeftMs: number | undefined }
  /** The client's own reconnection (fresh token, new room) connected and published. */
  | { type: 'recovery-succeeded' }
  /** The client's own reconnection failed. */
  | { type: 'recovery-failed' }
  /** Someone joined or left, the visit's policy changed, a monitor came or went, or a party's grace ran out. */
  | { type: 'presence-changed' }
  /** A control message announced why the room is about to close (`ending`). */
  | { type: 'ending-announced'; notice: EndingNotice }
  /** `endsAt` passed on the server clock. */
  | { type: 'clock-ended' }
  /** The preview or joining failed before the visit went live (devices, token refused, connection). */
  | { type: 'setup-failed' }
  | { type: 'leave-requested' }
  /** The client stopped everything: the visit is over. */
  | { type: 'ended' };

/** What the client must do after an event; the lifecycle itself does no I/O. */
export type LifecycleAction =
  | { type: 'none' }
  /** The event is not allowed in the current state (the caller reports `invalid-state`). */
  | { type: 'refused' }
  | { type: 'end'; reason: EndReason; message?: string }
  /** Reconnect with a fresh token, then report `recovery-succeeded` or `recovery-failed`. */
  | { type: 'recover' };

/** How the lifecycle tells the client about changes it made. */
export interface LifecycleHooks {
  /** The state changed (never called for a no-op). */
  state(next: VisitState, previous: VisitState): void;
  /** The client entered the lobby, or stays there for another reason. */
  lobby(reason: LobbyReason): void;
  /** Whom the client waits for now, from the participants and the visit (`PartyPresence.decide`). */
  decidePresence(): PresenceDecision;
  log: Pick<Console, 'debug' | 'warn'>;
}

const NONE: LifecycleAction = { type: 'none' };
const REFUSED: LifecycleAction = { type: 'refused' };

/**
 * The visit lifecycle in one place: every event that moves the client, and what it does on each
 * (docs/architecture.md "Client lifecycle"). The legal moves are `TRANSITIONS` (visit-state.ts); this file says
 * which event makes which move. `VisitClient` turns what happens (calls, LiveKit events, timers, control
 * messages) into {@link LifecycleEvent}s and carries out the returned {@link LifecycleAction}.
 *
 * @example
 * const lifecycle = new VisitLifecycle(hooks);
 * if (lifecycle.handle({ type: 'join-requested' }).type === 'refused') throw VisitError.invalidState('join', lifecycle.state);
 */
export class VisitLifecycle {
  readonly #hooks: LifecycleHooks;
  #state: VisitState = VisitState.Idle;
  #lobbyReason: LobbyReason | undefined;
  #link: Link = 'down';
  #ending: EndingNotice | undefined;

  constructor(hooks: LifecycleHooks) {
    this.#hooks = hooks;
  }

  get state(): VisitState {
    return this.#state;
  }
  get link(): Link {
    return this.#link;
  }
  /** Why the client is in the lobby; `undefined` outside it. */
  get lobbyReason(): LobbyReason | undefined {
    return this.#state === VisitState.Lobby ? this.#lobbyReason : undefined;
  }

  handle(event: LifecycleEvent): LifecycleAction {
    const state = this.#state;
    switch (event.type) {
      case 'preview-requested':
        return state === VisitState.Prejoin || this.#move(VisitState.Prejoin) ? NONE : REFUSED;
      case 'preview-stopped':
        if (state === VisitState.Prejoin) this.#move(VisitState.Idle);
        return NONE;
      case 'join-requested': {
        const mayJoin = state === VisitState.Idle || state === VisitState.Prejoin || state === VisitState.Failed;
        return mayJoin && this.#move(VisitState.Connecting) ? NONE : REFUSED;
      }
      case 'token-received':
        // Before `startsAt` the client waits in the lobby, not connected, until `visit-started`.
        if ((event.untilStartMs ?? 0) > 0) this.#enterLobby('before-start');
        return NONE;
      case 'visit-started':
        return this.#move(VisitState.Connecting) ? NONE : REFUSED;
      case 'room-connected':
        this.#link = 'up';
        this.#decidePresence();
        return NONE;
      case 'room-reconnecting':
        // LiveKit restarting a room whose first connect() has not resolved is still the first connect: the state stays
        // connecting, and that attempt ends (connected, failed or timed out) in join().
        if (state === VisitState.Connecting && this.#link === 'down') return NONE;
        if (this.#link === 'up') this.#link = 'stale';
        this.#move(VisitState.Reconnecting);
        return NONE;
      case 'room-reconnected':
        if (this.#link === 'stale') this.#link = 'up';
        this.#decidePresence();
        return NONE;
      case 'room-disconnected':
        return this.#disconnected(event.cause, event.timeLeftMs);
      case 'recovery-succeeded':
        this.#link = 'up';
        this.#decidePresence();
        return NONE;
      case 'recovery-failed':
        this.#link = 'down';
        return state === VisitState.Ended ? NONE : { type: 'end', reason: 'network' };
      case 'presence-changed':
        this.#decidePresence();
        return NONE;
      case 'ending-announced':
        this.#ending = event.notice;
        return NONE;
      case 'clock-ended':
        // The server is the authority, but the client leaves by itself at endsAt even if the server is late.
        if (
          state === VisitState.Idle ||
          state === VisitState.Prejoin ||
          state === VisitState.Failed ||
          state === VisitState.Ended
        ) {
          return NONE;
        }
        return { type: 'end', reason: 'time-limit' };
      case 'setup-failed':
        this.#link = 'down';
        this.#move(VisitState.Failed);
        return NONE;
      case 'leave-requested':
        return state === VisitState.Ended ? NONE : { type: 'end', reason: 'left' };
      case 'ended':
        this.#link = 'down';
        this.#move(VisitState.Ended);
        return NONE;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  /**
   * LiveKit closed the room. A cause that names an end ends the visit (with the staff reason an `ending` message
   * announced); otherwise: a first connection attempt that failed is join()'s to report (retryable
   * `connection-failed`, state `failed`); a connected room, or one LiveKit was reconnecting, gets one recovery
   * with a fresh token; a failed recovery, or a drop in the lobby before the room was ever connected, ends the
   * visit as `network`.
   */
  #disconnected(cause: RoomDisconnectCause, timeLeftMs: number | undefined): LifecycleAction {
    const state = this.#state;
    if (state === VisitState.Ended) return NONE;
    const decision = endReasonFor(cause, this.#ending, timeLeftMs);
    if ('end' in decision) {
      return decision.message === undefined
        ? { type: 'end', reason: decision.end }
        : { type: 'end', reason: decision.end, message: decision.message };
    }
    const link = this.#link;
    if (state === VisitState.Connecting && link === 'down') return NONE;
    if (link === 'recovering' || (link === 'down' && state !== VisitState.Reconnecting)) {
      return { type: 'end', reason: 'network' };
    }
    this.#link = 'recovering';
    this.#move(VisitState.Reconnecting);
    return { type: 'recover' };
  }

  /**
   * Live when the other party (and, on a `requireMonitor` visit, a monitor) is here, lobby while they are not.
   * Decided only once connected: not while LiveKit is still connecting or reconnecting (it drops remote
   * participants while it restarts), and only once the participant list is current after a reconnection. When the
   * other party was here and is suddenly missing, `PartyPresence` waits a grace period (in `live`, or still
   * `reconnecting`) for them to come back: reconnecting → live, never reconnecting → lobby → live.
   */
  #decidePresence(): void {
    const state = this.#state;
    const settled = state === VisitState.Live || (state === VisitState.Lobby && this.#lobbyReason !== 'before-start');
    const connected = this.#link === 'up' || this.#link === 'stale';
    const arriving =
      (state === VisitState.Connecting && connected) || (state === VisitState.Reconnecting && this.#link === 'up');
    if (!settled && !arriving) return;
    const decision = this.#hooks.decidePresence();
    if (decision === 'live') this.#move(VisitState.Live);
    else if (decision) this.#enterLobby(decision);
  }

  #enterLobby(reason: LobbyReason): void {
    const changed = this.#lobbyReason !== reason || this.#state !== VisitState.Lobby;
    this.#lobbyReason = reason;
    if (this.#move(VisitState.Lobby) && changed) this.#hooks.lobby(reason);
  }

  /** The one place the state changes: ignores no-ops, refuses illegal moves, logs `a -> b`, tells the client. */
  #move(next: VisitState): boolean {
    const previous = this.#state;
    if (previous === next) return true;
    if (!canTransition(previous, next)) {
      this.#hooks.log.warn(`[visitkit] refused transition ${previous} -> ${next}`);
      return false;
    }
    this.#state = next;
    this.#hooks.log.debug(`[visitkit] ${previous} -> ${next}`);
    this.#hooks.state(next, previous);
    return true;
  }
}
