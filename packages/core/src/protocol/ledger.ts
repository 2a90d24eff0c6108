import * as z from 'zod/mini';
import { RoleSchema } from './roles.js';
import { IsoDateTime } from './time.js';

/** One stretch of time a participant was connected. `leftAt` is null while still connected. */
export const LedgerIntervalSchema = z.object({
  joinedAt: IsoDateTime,
  leftAt: z.nullable(IsoDateTime),
  /** LiveKit's disconnect reason (`CLIENT_INITIATED`, `PARTICIPANT_REMOVED`, …) when known. */
  leaveReason: z.optional(z.string().check(z.maxLength(64))),
});
export type LedgerInterval = z.infer<typeof LedgerIntervalSchema>;

/** A participant of the visit and every interval they were connected. */
export const LedgerParticipantSchema = z.object({
  identity: z.string().check(z.minLength(1), z.maxLength(256)),
  name: z.optional(z.string().check(z.maxLength(256))),
  role: z.optional(RoleSchema),
  intervals: z.array(LedgerIntervalSchema),
  connectedSeconds: z.number().check(z.minimum(0)),
});
export type LedgerParticipant = z.infer<typeof LedgerParticipantSchema>;

/**
 * Who or what ended the visit: a participant leaving (`user`), staff (`staff` + who + why), the clock
 * (`time-limit`), or anything else (`system`: the server closed the room, connections failed, …).
 */
export const LedgerEndSchema = z.discriminatedUnion('cause', [
  z.object({ cause: z.literal('user'), at: IsoDateTime, identity: z.optional(z.string()) }),
  z.object({ cause: z.literal('staff'), at: IsoDateTime, identity: z.string(), reason: z.string() }),
  z.object({ cause: z.literal('time-limit'), at: IsoDateTime }),
  z.object({ cause: z.literal('system'), at: IsoDateTime, detail: z.optional(z.string().check(z.maxLength(200))) }),
]);
export type LedgerEnd = z.infer<typeof LedgerEndSchema>;

/** A staff action on the visit, for the audit trail. */
export const LedgerStaffActionSchema = z.object({
  at: IsoDateTime,
  action: z.enum(['terminate', 'warn', 'mute']),
  staff: z.string(),
  /** The terminate reason, the warning code/message, or the muted identity and track. */
  detail: z.string().check(z.maxLength(600)),
});
export type LedgerStaffAction = z.infer<typeof LedgerStaffActionSchema>;

/**
 * The integrity record of one visit (`GET /visits/:visitId/ledger`), computed from webhooks alone:
 * connected intervals, the seconds the resident and at least one visitor/attorney were both connected
 * (billable), staff actions and the end cause.
 */
export const LedgerSchema = z.object({
  visitId: z.string().check(z.minLength(1), z.maxLength(128)),
  participants: z.array(LedgerParticipantSchema),
  bothConnectedSeconds: z.number().check(z.minimum(0)),
  firstJoinedAt: z.nullable(IsoDateTime),
  end: z.nullable(LedgerEndSchema),
  staffActions: z.array(LedgerStaffActionSchema),
  /** Distinct events the ledger was computed from. */
  eventCount: z.number().check(z.int(), z.minimum(0)),
});
export type Ledger = z.infer<typeof LedgerSchema>;
