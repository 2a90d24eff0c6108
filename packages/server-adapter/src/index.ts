/**
 * Visitkit's server side: one Fetch-API handler for visit tokens, LiveKit webhooks, staff actions and the
 * visit ledger, plus the enforcer that ends rooms on time.
 *
 * @example
 * import { createVisitkit, MemoryVisitStore } from '@visitkit/server-adapter';
 * const { handler, start } = createVisitkit({ livekit, authorize, store: new MemoryVisitStore() });
 */
export { createVisitkit } from './visitkit.js';
export type { Visitkit, VisitkitOptions } from './visitkit.js';
export { createVisitHandler } from './handler.js';
export type { VisitHandler, VisitHandlerOptions } from './handler.js';
export type { AuthorizeHook, AuthorizedCaller, VisitAction } from './authorize.js';
export type { CorsOptions } from './cors.js';
export { createVisitLogger } from './logger.js';
export type { VisitLogger, VisitLoggerOptions } from './logger.js';
export { VisitMetrics, WEBHOOK_LAG_BUCKETS } from './metrics.js';
export type { VisitMetricsSnapshot } from './metrics.js';
export type { VisitOperation, VisitOperationType, VisitLogFields, RouteAction } from './operations.js';
export type { LiveKitOptions } from './livekit.js';
export { roomServiceUrl } from './livekit.js';
export { roomNameFor } from './room-name.js';
export { grantFor } from './grants.js';
export { VisitHttpError } from './http-error.js';
export { buildLedger } from './ledger.js';
export type { LedgerOptions } from './ledger.js';
export type { VisitEvent, VisitEventOf, VisitEventType, StaffRef, ParticipantRef } from './visit-events.js';
export type { SeatClaim, VisitStore } from './visit-store.js';
export { MemoryVisitStore } from './memory-visit-store.js';
export { VisitStoreError } from './visit-store-error.js';
export type { VisitStoreErrorKind } from './visit-store-error.js';
export { createEnforcer } from './enforcer.js';
export type { Enforcer, EnforcerOptions, EnforcerReport } from './enforcer.js';
