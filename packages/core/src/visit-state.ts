/**
 * The visit lifecycle (docs/architecture.md "Client lifecycle") as an explicit state machine.
 *
 * idle → prejoin → lobby → connecting → live ⇄ reconnecting → ended, and `failed` before joining.
 */
export const VisitState = {
  Idle: 'idle',
  Prejoin: 'prejoin',
  Lobby: 'lobby',
  Connecting: 'connecting',
  Live: 'live',
  Reconnecting: 'reconnecting',
  Ended: 'ended',
  Failed: 'failed',
} as const;
export type VisitState = (typeof VisitState)[keyof typeof VisitState];

/**
 * Every legal transition. Anything not listed is refused by `canTransition`.
 * - lobby is entered before `startsAt` (not connected yet) and while connected but the other party or
 *   a required monitor is absent;
 * - failed is for failures before the visit went live; the user may retry from it;
 * - ended is terminal: a new visit needs a new client.
 */
export const TRANSITIONS: Readonly<Record<VisitState, readonly VisitState[]>> = {
  idle: ['prejoin', 'connecting', 'failed', 'ended'],
  prejoin: ['idle', 'connecting', 'failed', 'ended'],
  connecting: ['lobby', 'live', 'failed', 'ended'],
  lobby: ['connecting', 'live', 'reconnecting', 'failed', 'ended'],
  live: ['lobby', 'reconnecting', 'ended'],
  reconnecting: ['live', 'lobby', 'ended'],
  failed: ['idle', 'prejoin', 'connecting', 'ended'],
  ended: [],
};

/** Whether the lifecycle allows going from `from` to `to`. A no-op (`from === to`) is not a transition. */
export function canTransition(from: VisitState, to: VisitState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why the client is in the lobby. */
export type LobbyReason = 'before-start' | 'waiting-for-party' | 'waiting-for-monitor';

/** Why a visit ended (docs/architecture.md). */
export type EndReason =
  'left' | 'time-limit' | 'terminated' | 'removed' | 'network' | 'duplicate-session' | 'server-shutdown' | 'error';
