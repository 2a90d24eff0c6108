/**
 * The Visitkit wire contract as `zod/mini` schemas, shared by the browser client and the server adapter.
 * Imports nothing but zod.
 *
 * @example
 * import { TokenResponseSchema } from '@visitkit/core/protocol';
 * const token = TokenResponseSchema.parse(await response.json());
 */
export { IsoDateTime } from './time.js';
export { TimeInput } from './visit-input.js';
export { RoleSchema, isGuestRole, ATTRIBUTE_ROLE, ATTRIBUTE_VISIT, ATTRIBUTE_MEDIA, CONTROL_TOPIC } from './roles.js';
export { MediaVideoStateSchema, MediaStateRequestSchema, parseMediaVideoState } from './media-state-request.js';
export type { MediaVideoState, MediaStateRequest } from './media-state-request.js';
export { JoinedRequestSchema, JoinedResponseSchema } from './joined.js';
export type { JoinedRequest, JoinedResponse } from './joined.js';
export type { Role } from './roles.js';
export {
  VisitKindSchema,
  VisitSchema,
  RoomMetadataSchema,
  parseRoomMetadata,
  visitProblems,
  visitorSeats,
  VisitId as VisitIdSchema,
  MAX_VISITORS_LIMIT,
} from './visit.js';
export type { Visit, VisitKind, RoomMetadata } from './visit.js';
export { VisitInputSchema, DEFAULT_WARNINGS, DEFAULT_LOBBY_LEAD_SECONDS, DEFAULT_MAX_VISITORS } from './visit-input.js';
export type { VisitInput } from './visit-input.js';
export { DEFAULT_BASE_PATH, VISIT_ROUTES, WEBHOOK_PATH, visitRoutePath } from './routes.js';
export type { VisitRoute } from './routes.js';
export { ConsentSchema, TokenRequestSchema } from './token-request.js';
export { rulesSha256 } from './rules-text.js';
export type { Consent, TokenRequest } from './token-request.js';
export { TokenResponseSchema } from './token.js';
export type { TokenResponse } from './token.js';
export { ERROR_STATUS, ErrorCodeSchema, ErrorBodySchema } from './errors.js';
export type { ErrorCode, ErrorBody } from './errors.js';
export {
  ControlMessageSchema,
  EndingReasonSchema,
  encodeControlMessage,
  decodeControlMessage,
  MAX_CONTROL_BYTES,
} from './control.js';
export type { ControlMessage, EndingReason, DecodedControlMessage } from './control.js';
export { TerminateRequestSchema, WarnRequestSchema, MuteRequestSchema, CANNED_WARNINGS } from './staff.js';
export type { TerminateRequest, WarnRequest, MuteRequest } from './staff.js';
export {
  LedgerSchema,
  LedgerIntervalSchema,
  LedgerParticipantSchema,
  LedgerEndSchema,
  LedgerStaffActionSchema,
  LedgerTimeWarningSchema,
  LedgerConsentSchema,
  LedgerUnbilledSchema,
  UnbilledReasonSchema,
} from './ledger.js';
export type {
  Ledger,
  LedgerInterval,
  LedgerParticipant,
  LedgerEnd,
  LedgerStaffAction,
  LedgerTimeWarning,
  LedgerConsent,
  LedgerUnbilled,
  UnbilledReason,
} from './ledger.js';
