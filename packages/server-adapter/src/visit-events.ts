import type { Role, Visit } from '@visitkit/core/protocol';

/** Who did a staff action (from the portal's `authorize` hook). */
export interface StaffRef {
  identity: string;
  name?: string;
}

interface EventBase {
  /** Unique per event; a repeat of the same id (a re-delivered webhook) is the same event. */
  id: string;
  visitId: string;
  /** When it happened (ISO 8601, UTC). */
  at: string;
}

/** A participant as the adapter saw it: server-set identity and role. */
export interface ParticipantRef {
  identity: string;
  /** LiveKit's participant session id; a rejoin gets a new one. */
  sid?: string;
  role?: Role;
  name?: string;
}

/**
 * Everything that happens to a visit, as the adapter reports it to `onEvent` and saves in the `VisitStore`.
 * A closed union: switch on `type` (and end with a `never` check).
 *
 * - `token-issued`: `authorize` admitted someone and a token was handed out (one event per person, role and
 *   10-minute window: repeats within the window are the same event).
 * - `consent-recorded`: the user accepted the visit rules (time and SHA-256 of the text they saw).
 * - `room-started` / `room-finished`: LiveKit opened / closed the visit's room (webhooks), with the
 *   visit's `endsAt` from the room metadata; `room-started` also carries the whole visit policy, so the
 *   adapter can re-police a room that lost it (LiveKit re-created it without metadata).
 * - `participant-joined` / `participant-left`: from webhooks; `reason` is LiveKit's disconnect reason. With
 *   `reconciled`, the enforcer recorded it because LiveKit's participant list disagreed with the events (a
 *   webhook was lost); `at` is then when that was noticed, not when it happened.
 * - `track-published` / `track-unpublished`: from webhooks; LiveKit's track webhooks name no visit or role, so the
 *   adapter looks both up in LiveKit (`withTrackContext`).
 * - `visit-terminated`, `visit-warned`, `track-muted`: staff actions, with the staff member and reason.
 * - `time-warning`: the enforcer warned the room `secondsLeft` before the end.
 * - `visit-expired`: the enforcer ended the room at `endsAt`.
 * - `participant-removed`: the enforcer removed someone who must not be there.
 * - `rejoin-refused`: someone got into a room of a visit that is over for them (terminated) or whose policy
 *   the adapter could not establish; they were removed and the room closed, before media reached them.
 *
 * @example
 * onEvent: async (event) => {
 *   if (event.type === 'visit-terminated') audit.log(event.staff.identity, event.reason);
 * }
 */
export type VisitEvent =
  | (EventBase & { type: 'token-issued'; participant: ParticipantRef & { role: Role } })
  | (EventBase & {
      type: 'consent-recorded';
      participant: ParticipantRef & { role: Role };
      acceptedAt: string;
      textSha256?: string;
    })
  | (EventBase & { type: 'room-started'; room: string; endsAt?: string; visit?: Visit })
  | (EventBase & { type: 'room-finished'; room: string; endsAt?: string })
  | (EventBase & { type: 'participant-joined'; participant: ParticipantRef; reconciled?: Reconciled })
  | (EventBase & { type: 'participant-left'; participant: ParticipantRef; reason: string; reconciled?: Reconciled })
  | (EventBase & {
      type: 'track-published' | 'track-unpublished';
      participant: ParticipantRef;
      track: { sid: string; source: string };
    })
  | (EventBase & { type: 'visit-terminated'; staff: StaffRef; reason: string })
  | (EventBase & { type: 'visit-warned'; staff: StaffRef; code: string; message?: string })
  | (EventBase & {
      type: 'track-muted';
      staff: StaffRef;
      participant: ParticipantRef;
      track: { sid: string; kind: 'audio' | 'video' };
    })
  | (EventBase & { type: 'time-warning'; secondsLeft: number })
  | (EventBase & { type: 'visit-expired' })
  | (EventBase & {
      type: 'participant-removed';
      participant: ParticipantRef;
      reason: 'monitor-in-privileged-visit' | 'monitor-in-unmonitored-visit' | 'over-capacity';
    })
  | (EventBase & {
      type: 'rejoin-refused';
      room: string;
      participant: ParticipantRef;
      reason: 'visit-terminated' | 'policy-unknown' | 'visit-ended';
    });

/** Marks an event the enforcer recorded from LiveKit's participant list because its webhook never came. */
export interface Reconciled {
  /** When the enforcer noticed (ISO 8601, UTC). */
  noticedAt: string;
}

/** The `type` of every {@link VisitEvent}. */
export type VisitEventType = VisitEvent['type'];

/** The event of one type. */
export type VisitEventOf<T extends VisitEventType> = Extract<VisitEvent, { type: T }>;

/** A fresh event id for events the adapter originates (not from a webhook). */
export function newEventId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}

/**
 * An event id that is the same for the same `parts` within one time window of `windowMs`, on every adapter
 * instance: appending it again is a no-op in any idempotent store, so repeats are coalesced. The parts are
 * hashed (identities may be long or contain anything).
 *
 * @example
 * await windowedEventId('token', [visitId, identity, role], Date.now(), 600_000) // 'token_3a…_2893012'
 */
export async function windowedEventId(
  prefix: string,
  parts: readonly string[],
  now: number,
  windowMs: number,
): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(parts)));
  const hex = Array.from(new Uint8Array(digest).slice(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${prefix}_${hex}_${Math.floor(now / windowMs)}`;
}
