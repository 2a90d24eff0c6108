import * as z from 'zod/mini';
import { RoleSchema } from './roles.js';
import { IsoDateTime } from './time.js';

/** One stretch of time a participant was connected. `leftAt` is null while still connected. */
export const LedgerIntervalSchema = z.object({
  joinedAt: IsoDateTime,
  leftAt: z.nullable(IsoDateTime),
  /** LiveKit's disconnect reason (`CLIENT_INITIATED`, `PARTICIPANT_REMOVED`, …) when known. */
  leaveReason: z.optional(z.string().check(z.maxLength(64))),
  /**
   * `true` when a start or end of this interval is known only from the enforcer comparing LiveKit's participant list
   * with the events (a webhook was lost): its time is when the difference was noticed, not when it happened.
   */
  reconciled: z.optional(z.literal(true)),
});
export type LedgerInterval = z.infer<typeof LedgerIntervalSchema>;

/**
 * A consent a participant gave to the visit rules: when they ticked "I agree" (`acceptedAt`, their clock),
 * when the server recorded it (`recordedAt`, its clock) and the SHA-256 of the rules text they were shown.
 */
export const LedgerConsentSchema = z.object({
  acceptedAt: IsoDateTime,
  recordedAt: IsoDateTime,
  textSha256: z.optional(z.string().check(z.regex(/^[a-f0-9]{64}$/))),
});
export type LedgerConsent = z.infer<typeof LedgerConsentSchema>;

/**
 * Why a stretch with a party connected was not billed, most decisive first:
 * - `after-termination`: staff had ended the visit (people still connected until LiveKit removed them);
 * - `after-end`: past the visit's `endsAt`;
 * - `before-start`: before `startsAt` (the lobby);
 * - `one-party-only`: the resident, or every visitor/attorney, was not connected;
 * - `waiting-for-monitor`: both parties connected, but a `requireMonitor` visit had no monitor, so LiveKit
 *   let neither receive the other's media.
 */
export const UnbilledReasonSchema = z.enum([
  'after-termination',
  'after-end',
  'before-start',
  'one-party-only',
  'waiting-for-monitor',
]);
export type UnbilledReason = z.infer<typeof UnbilledReasonSchema>;

/** A stretch of time when a party was connected but nothing was billed, and why. */
export const LedgerUnbilledSchema = z.object({
  from: IsoDateTime,
  to: IsoDateTime,
  seconds: z.number().check(z.minimum(0)),
  reason: UnbilledReasonSchema,
});
export type LedgerUnbilled = z.infer<typeof LedgerUnbilledSchema>;

/** A participant of the visit, every interval they were connected and every consent they gave. */
export const LedgerParticipantSchema = z.object({
  identity: z.string().check(z.minLength(1), z.maxLength(256)),
  name: z.optional(z.string().check(z.maxLength(256))),
  role: z.optional(RoleSchema),
  intervals: z.array(LedgerIntervalSchema),
  connectedSeconds: z.number().check(z.minimum(0)),
  /** Every distinct consent this participant gave (repeats of the same consent on token refresh are one). */
  consents: z.array(LedgerConsentSchema),
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

/** An automatic reminder the server sent the room before the scheduled end ("5 minutes left"). */
export const LedgerTimeWarningSchema = z.object({
  at: IsoDateTime,
  /** How long before the scheduled end it was sent, in seconds (the visit's warning offset). */
  secondsLeft: z.number().check(z.int(), z.minimum(0)),
});
export type LedgerTimeWarning = z.infer<typeof LedgerTimeWarningSchema>;

/**
 * The integrity record of one visit (`GET /visits/:visitId/ledger`), computed from webhooks alone:
 * connected intervals and consents per participant, the billable seconds and the unbilled stretches with
 * their reason, staff actions and the end cause.
 *
 * Billable: the resident and at least one visitor/attorney both connected **and** able to receive each
 * other's media — from `startsAt`, before `endsAt` and any termination, and on a `requireMonitor` visit
 * only while a monitor is connected. Open intervals count up to the time the ledger was computed.
 */
export const LedgerSchema = z.object({
  visitId: z.string().check(z.minLength(1), z.maxLength(128)),
  participants: z.array(LedgerParticipantSchema),
  /** Seconds to bill (see above). */
  billableSeconds: z.number().check(z.minimum(0)),
  /**
   * Deprecated: the same value as `billableSeconds`, kept so billing code written against it bills only
   * time when media could flow. It no longer counts lobby or waiting-for-monitor time.
   */
  bothConnectedSeconds: z.number().check(z.minimum(0)),
  /** Stretches with a party connected that were not billed, in time order, and why. */
  unbilled: z.array(LedgerUnbilledSchema),
  firstJoinedAt: z.nullable(IsoDateTime),
  end: z.nullable(LedgerEndSchema),
  staffActions: z.array(LedgerStaffActionSchema),
  /**
   * The automatic time reminders, oldest first, each once however many adapter instances sent it. Optional only so
   * that ledgers from adapters older than this field still parse; the server adapter always includes it.
   */
  timeWarnings: z.optional(z.array(LedgerTimeWarningSchema)),
  /**
   * Privileged visits only: the media was end-to-end encrypted (LiveKit and the portal's media path relayed
   * only ciphertext), and no monitor or recorder was ever admitted (`monitorAdmitted: false` is derived from
   * the events: no participant with the monitor role and no egress ever joined). Absent on social visits.
   */
  privileged: z.optional(
    z.object({
      e2ee: z.literal(true),
      monitorAdmitted: z.boolean(),
      recorderAdmitted: z.boolean(),
    }),
  ),
  /** Distinct events the ledger was computed from. */
  eventCount: z.number().check(z.int(), z.minimum(0)),
});
export type Ledger = z.infer<typeof LedgerSchema>;
