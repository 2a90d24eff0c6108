import type { RoomServiceClient, WebhookReceiver } from 'livekit-server-sdk';
import type { AuthorizeHook } from './authorize.js';
import type { LiveKitOptions } from './livekit.js';
import type { VisitLogger } from './logger.js';
import type { VisitOperation } from './operations.js';
import type { RoomOccupancy } from './room-occupancy.js';
import type { RoomRegistry } from './room-policy.js';
import type { VisitEvent } from './visit-events.js';
import type { VisitStore } from './visit-store.js';

/** What every route needs; built once per handler. */
export interface RouteContext {
  readonly livekit: LiveKitOptions;
  readonly rooms: RoomServiceClient;
  readonly registry: RoomRegistry;
  readonly occupancy: RoomOccupancy;
  readonly receiver: WebhookReceiver;
  readonly store: VisitStore;
  readonly authorize: AuthorizeHook;
  readonly now: () => number;
  readonly maxBodyBytes: number;
  readonly webhookMaxAgeSeconds: number;
  readonly terminateGraceMs: number;
  readonly departureTimeoutSeconds: number;
  readonly log: VisitLogger;
  /** Logs an operation (one line) and counts it in the metrics, if any. */
  report(operation: VisitOperation): void;
  /** Saves the event, then tells the portal (and reports it); rejects if either failed. */
  emit(event: VisitEvent): Promise<void>;
  /** The opaque LiveKit room name of a visit. */
  roomName(visitId: string): Promise<string>;
  /** The end-to-end media key of a privileged visit (see `e2ee-key.ts`). A secret: never log or store it. */
  e2eeKey(visitId: string): Promise<string>;
}

/** The route parameters after the base path. */
export interface RouteParams {
  visitId: string;
}
