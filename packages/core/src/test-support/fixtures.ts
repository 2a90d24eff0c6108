// Test-only helpers for the core browser tests (excluded from the build).
import type { TokenResponse } from '../protocol/token.js';
import type { Visit } from '../protocol/visit.js';
import { ATTRIBUTE_ROLE } from '../protocol/roles.js';
import type { RoomParticipant } from '../livekit-room.js';

/** Logger that keeps tests quiet. */
export const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A visit that is open now: started a minute ago, ends in `minutes`. */
export function openVisit(id: string, overrides: Partial<Visit> = {}, minutes = 30): Visit {
  const now = Date.now();
  return {
    id,
    kind: 'social',
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + minutes * 60_000).toISOString(),
    lobbyOpensAt: new Date(now - 600_000).toISOString(),
    recorded: false,
    monitored: false,
    requireMonitor: false,
    requireConsent: false,
    maxVisitors: 3,
    warnings: [300, 60],
    ...overrides,
  };
}

/** A well-formed token response (the token itself is never used by these tests). */
export function tokenResponse(visit: Visit, overrides: Partial<TokenResponse> = {}): TokenResponse {
  return {
    server_url: 'ws://127.0.0.1:1',
    participant_token: 'header.payload.signature',
    participant_identity: 'visitor-1',
    visit,
    role: 'visitor',
    server_time: new Date().toISOString(),
    ...overrides,
  };
}

/** base64url(JSON) as the test identity API's `as` parameter expects. */
export function b64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Resolves when `predicate` holds, checking on every event of the given emitter-like `on`. */
export function waitFor<T>(
  subscribe: (check: () => void) => () => void,
  predicate: () => T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unsubscribe: () => void = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const check = (): void => {
      const value = predicate();
      if (value) {
        clearTimeout(timer);
        unsubscribe();
        resolve(value);
      }
    };
    unsubscribe = subscribe(check);
    check();
  });
}

/** A participant as the LiveKit adapter reports it: remote, mic and camera on, with a server-set role (if any). */
export function roomParticipant(
  identity: string,
  role: string | undefined,
  overrides: Partial<RoomParticipant> = {},
): RoomParticipant {
  return {
    identity,
    name: identity,
    attributes: role ? { [ATTRIBUTE_ROLE]: role } : {},
    isLocal: false,
    micEnabled: true,
    cameraEnabled: true,
    speaking: false,
    quality: 'good',
    videoTrack: undefined,
    audioTrack: undefined,
    e2ee: 'no-tracks',
    videoStreamPaused: false,
    ...overrides,
  };
}
