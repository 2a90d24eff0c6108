/**
 * `@visitkit/core`: a framework-agnostic `VisitClient` over livekit-client.
 *
 * @example
 * import { VisitClient } from '@visitkit/core';
 * const client = new VisitClient({ tokenUrl: '/api/visitkit/visits/v1/token', visitId: 'v1' });
 */
export { VisitState, TRANSITIONS, canTransition } from './visit-state.js';
export type { LobbyReason, EndReason } from './visit-state.js';
export { VisitError } from './visit-error.js';
export { VisitClient } from './visit-client.js';
export type { VisitClientOptions } from './visit-client.js';
export type { E2eeWorkerFactory } from './e2ee.js';
export type { TokenProvider } from './token-fetcher.js';
export type { ConnectProgress, ConnectProgressReason } from './first-connect.js';
export type { VisitErrorCode, VisitErrorOptions } from './visit-error.js';
export type {
  VisitTrack,
  ConnectionQuality,
  MediaEncryption,
  VisitParticipant,
  VideoPause,
  VisitDevice,
  ConnectivityStatus,
  VisitEndInfo,
  VisitWarning,
  VisitAnnouncement,
  VisitClientEvents,
  DeviceKind,
  DeviceChoice,
  InputDeviceChoice,
} from './events.js';
export { StaffApi } from './staff-api.js';
export type { StaffApiOptions } from './staff-api.js';
