import type { Role } from '@visitkit/core/protocol';

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
 * - `token-issued`: `authorize` admitted someone and a token was handed out.
 * - `consent-recorded`: the user accepted the visit rules (time and SHA-256 of the text they saw).
 * - `room-started` / `room-finished`: LiveKit opened / closed the visit's room (webhooks), with the
 *   visit's `endsAt` from the room metadata.
 * - `participant-joined` / `participant-left`: from webhooks; `reason` is LiveKit's disconnect reason.
 * - `track-published` / `track-unpublished`: from webhooks.
 * - `visit-terminated`, `visit-warned`, `track-muted`: staff actions, with the staff member and reason.
 * - `time-warning`: the enforcer warned the room `secondsLeft` before the end.
 * - `visit-expired`: the enforcer ended the room at `endsAt`.
 * - `participant-removed`: the enforcer removed someone who must not be there.
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
  | (EventBase & { type: 'room-started'; room: string; endsAt?: string })
  | (EventBase & { type: 'room-finished'; room: string; endsAt?: string })
  | (EventBase & { type: 'participant-joined'; participant: ParticipantRef })
  | (EventBase & { type: 'participant-left'; participant: ParticipantRef; reason: string })
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
      reason: 'monitor-in-privileged-visit' | 'over-capacity';
    });

/** The `type` of every {@link VisitEvent}. */
export type VisitEventType = VisitEvent['type'];

/** The event of one type. */
export type VisitEventOf<T extends VisitEventType> = Extract<VisitEvent, { type: T }>;

/** A fresh event id for events the adapter originates (not from a webhook). */
export function newEventId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}
