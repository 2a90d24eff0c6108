// Helpers shared by the core browser tests that run against the REAL LiveKit server, with tokens from the
// server adapter the test runner mounts at /api/visitkit (test identity protocol: the `as` query parameter).
import type { Role } from '../protocol/roles.js';
import type { Visit } from '../protocol/visit.js';
import type { VisitClientEvents, VisitParticipant } from '../events.js';
import { VisitClient } from '../visit-client.js';
import { b64url, openVisit, quietLogger, waitFor } from './fixtures.js';

/**
 * LiveKit's signal sockets opened by this page, so a test can cut one. Importing this module installs the
 * capture; it must be imported before any client connects.
 */
export const signalSockets: WebSocket[] = [];
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    signalSockets.push(this);
  }
};

let counter = 0;
/** A visit open now with an id no other test (or earlier run against the same server) uses. */
export function uniqueVisit(prefix: string, overrides: Partial<Visit> = {}): Visit {
  counter += 1;
  return openVisit(`${prefix}-${Date.now().toString(36)}-${counter}`, overrides);
}

/** Who a test client is, as the test visit API's `authorize` reads it. */
export interface Caller {
  identity: string;
  name: string;
  role: Role;
}

/** The token route of a visit. */
export const tokenPath = (visit: Visit): string => `/api/visitkit/visits/${visit.id}/token`;

/** The token URL that makes the test visit API authorize `who` for `visit`. */
export function tokenUrl(visit: Visit, who: Caller): string {
  return `${tokenPath(visit)}?as=${b64url({ ...who, visit })}`;
}

/** A quiet VisitClient for `who` on `visit`. */
export function clientFor(visit: Visit, who: Caller): VisitClient {
  return new VisitClient({ visitId: visit.id, tokenUrl: tokenUrl(visit, who), logger: quietLogger });
}

/** Resolves with `predicate()`'s first truthy value, checked whenever `client` emits `event`. */
export function until<E extends keyof VisitClientEvents, T>(
  client: VisitClient,
  event: E,
  predicate: () => T | undefined | false,
  what: string,
): Promise<T> {
  return waitFor((check) => client.on(event, () => check()), predicate, what);
}

/** Resolves with the remote participant `identity` once `client` has its video (or audio) track. */
export function remoteWith(
  client: VisitClient,
  identity: string,
  has: 'videoTrack' | 'audioTrack' = 'videoTrack',
): Promise<VisitParticipant> {
  return until(
    client,
    'participants',
    () => client.participants.find((p) => p.identity === identity && p[has] !== undefined),
    `${identity}'s ${has === 'videoTrack' ? 'video' : 'audio'}`,
  );
}
