import { z } from 'zod';
import { RoleSchema } from './roles.js';
import { IsoDateTime } from './time.js';

/** One stretch of time a participant was connected. `leftAt` is null while still connected. */
export const LedgerIntervalSchema = z.object({
  joinedAt: IsoDateTime,
  leftAt: IsoDateTime.nullable(),
  /** LiveKit's disconnect reason (`CLIENT_INITIATED`, `PARTICIPANT_REMOVED`, …) when known. */
  leaveReason: z.string().max(64).optional(),
});
export type LedgerInterval = z.infer<typeof LedgerIntervalSchema>;

/** A participant of the visit and every interval they were connected. */
export const LedgerParticipantSchema = z.object({
  identity: z.string().min(1).max(256),
  name: z.string().max(256).optional(),
  role: RoleSchema.optional(),
  intervals: z.array(LedgerIntervalSchema),
  connectedSeconds: z.number().min(0),
});
export type LedgerParticipant = z.infer<typeof LedgerParticipantSchema>;

/**
 * Who or what ended the visit: a participant leaving (`user`), staff (`staff` + who + why), the clock
 * (`time-limit`), or anything else (`system`: the server closed the room, connections failed, …).
 */
export const LedgerEndSchema = z.discriminatedUnion('cause', [
  z.object({ cause: z.literal('user'), at: IsoDateTime, identity: z.string().optional() }),
  z.object({ cause: z.literal('staff'), at: IsoDateTime, identity: z.string(), reason: z.string() }),
  z.object({ cause: z.literal('time-limit'), at: IsoDateTime }),
  z.object({ cause: z.literal('system'), at: IsoDateTime, detail: z.string().max(200).optional() }),
]);
export type LedgerEnd = z.infer<typeof LedgerEndSchema>;

/** A staff action on the visit, for the audit trail. */
export const LedgerStaffActionSchema = z.object({
  at: IsoDateTime,
  action: z.enum(['terminate', 'warn', 'mute']),
  staff: z.string(),
  /** The terminate reason, the warning code/message, or the muted identity and track. */
  detail: z.string().max(600),
});
export type LedgerStaffAction = z.infer<typeof LedgerStaffActionSchema>;

/**
 * The integrity record of one visit (`GET /visits/:visitId/ledger`), computed from webhooks alone:
 * connected intervals, the seconds the resident and at least one visitor/attorney were both connected
 * (billable), staff actions and the end cause.
 */
export const LedgerSchema = z.object({
  visitId: z.string().min(1).max(128),
  participants: z.array(LedgerParticipantSchema),
  bothConnectedSeconds: z.number().min(0),
  firstJoinedAt: IsoDateTime.nullable(),
  end: LedgerEndSchema.nullable(),
  staffActions: z.array(LedgerStaffActionSchema),
  /** Distinct events the ledger was computed from. */
  eventCount: z.number().int().min(0),
});
export type Ledger = z.infer<typeof LedgerSchema>;
