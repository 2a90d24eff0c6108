import { TrackSource, type WebhookEvent } from 'livekit-server-sdk';
import { ATTRIBUTE_ROLE, ATTRIBUTE_VISIT, parseRoomMetadata, type Role } from '@visitkit/core/protocol';
import { participantRef } from './participant-ref.js';
import { mayReceiveMedia, partyRole } from './subscribe-permission.js';
import type { VisitEvent } from './visit-events.js';

/** LiveKit's `DisconnectReason` numbers as names (stable protobuf values), for the ledger. */
const DISCONNECT_REASONS: Record<number, string> = {
  0: 'UNKNOWN_REASON',
  1: 'CLIENT_INITIATED',
  2: 'DUPLICATE_IDENTITY',
  3: 'SERVER_SHUTDOWN',
  4: 'PARTICIPANT_REMOVED',
  5: 'ROOM_DELETED',
  6: 'STATE_MISMATCH',
  7: 'JOIN_FAILURE',
  8: 'MIGRATION',
  9: 'SIGNAL_CLOSE',
  10: 'ROOM_CLOSED',
  11: 'USER_UNAVAILABLE',
  12: 'USER_REJECTED',
  13: 'SIP_TRUNK_FAILURE',
  14: 'CONNECTION_TIMEOUT',
  15: 'MEDIA_FAILURE',
};

/**
 * Turns a verified LiveKit webhook into Visitkit events (none for rooms that are not visits, or for
 * egress/ingress). The visit comes from the room metadata the adapter wrote, or else from the
 * participant's server-set attributes. Ids derive from LiveKit's event id, so a re-delivery is the same event.
 */
export function visitEventsFromWebhook(event: WebhookEvent, receivedAt: number): VisitEvent[] {
  const metadata = parseRoomMetadata(event.room?.metadata);
  const participant = event.participant;
  const visitId = metadata?.visit.id ?? participant?.attributes[ATTRIBUTE_VISIT];
  if (!visitId || !event.id) return [];
  const base = { id: `lk_${event.id}`, visitId, at: new Date(eventTime(event, receivedAt)).toISOString() };
  const room = event.room?.name ?? '';
  switch (event.event) {
    case 'room_started':
      return [
        {
          ...base,
          type: 'room-started',
          room,
          ...(metadata ? { endsAt: metadata.visit.endsAt, visit: metadata.visit } : {}),
        },
      ];
    case 'room_finished':
      return [{ ...base, type: 'room-finished', room, ...(metadata ? { endsAt: metadata.visit.endsAt } : {}) }];
    case 'participant_joined': {
      if (!participant) return [];
      // joinedAtMs is the server's own millisecond time of the join; createdAt is whole seconds.
      const joinedMs = validTime(Number(participant.joinedAtMs)) ?? validTime(Number(participant.joinedAt) * 1000);
      return [
        {
          ...base,
          ...(joinedMs ? { at: new Date(joinedMs).toISOString() } : {}),
          type: 'participant-joined',
          participant: participantRef(participant),
        },
      ];
    }
    case 'participant_left':
    case 'participant_connection_aborted':
      if (!participant) return [];
      return [
        {
          ...base,
          type: 'participant-left',
          participant: participantRef(participant),
          reason:
            event.event === 'participant_connection_aborted'
              ? 'CONNECTION_ABORTED'
              : (DISCONNECT_REASONS[participant.disconnectReason] ?? 'UNKNOWN_REASON'),
        },
      ];
    case 'track_published':
    case 'track_unpublished':
      if (!participant || !event.track) return [];
      return [
        {
          ...base,
          type: event.event === 'track_published' ? 'track-published' : 'track-unpublished',
          participant: participantRef(participant),
          track: { sid: event.track.sid, source: sourceName(event.track.source) },
        },
      ];
    default:
      return [];
  }
}

/**
 * The room whose monitors and permissions must be recounted after this event, or `undefined`: a monitor
 * (server-set role) joined or left, or a resident, visitor or attorney joined a `requireMonitor` visit's room
 * (whether a monitor is present is what LiveKit lists now, not what a webhook snapshot said). A party joining a
 * visit without `requireMonitor` needs no recount: {@link joinGrant} decides from the webhook alone.
 */
export function monitorMovedIn(event: WebhookEvent): string | undefined {
  const room = event.room?.name || undefined;
  switch (event.event) {
    case 'participant_joined': {
      const participant = event.participant;
      if (participant?.attributes[ATTRIBUTE_ROLE] === 'monitor') return room;
      const visit = parseRoomMetadata(event.room?.metadata)?.visit;
      return visit?.requireMonitor && participant ? room : undefined;
    }
    case 'participant_left':
    case 'participant_connection_aborted':
      return event.participant?.attributes[ATTRIBUTE_ROLE] === 'monitor' ? room : undefined;
    default:
      return undefined;
  }
}

/** A party's `canSubscribe` to set right away, from its join webhook (see {@link joinGrant}). */
export interface JoinGrant {
  room: string;
  identity: string;
  role: Role;
  canSubscribe: boolean;
}

/**
 * The `canSubscribe` a resident, visitor or attorney who just joined must get, when it differs from the one
 * LiveKit says they joined with (a party's token never carries it; a token from the lobby used after
 * `startsAt`, or the reverse): decided from the webhook alone — the policy in the room's metadata as LiveKit
 * sent it and the adapter's clock — so granting costs one `updateParticipant` and no listing. `undefined` for
 * anything else, and for `requireMonitor` visits, whose grant depends on who else is in the room
 * ({@link monitorMovedIn}). The caller checks first that the visit was not terminated (`guardRoom`).
 */
export function joinGrant(event: WebhookEvent, now: number): JoinGrant | undefined {
  const participant = event.participant;
  const visit = parseRoomMetadata(event.room?.metadata)?.visit;
  const room = event.room?.name;
  if (event.event !== 'participant_joined' || !participant || !visit || visit.requireMonitor || !room) return undefined;
  const role = partyRole(participant);
  const granted = participant.permission?.canSubscribe;
  if (!role || granted === undefined) return undefined;
  const canSubscribe = mayReceiveMedia(visit, role, { monitorPresent: false, now });
  return canSubscribe === granted ? undefined : { room, identity: participant.identity, role, canSubscribe };
}

/**
 * When the event happened, to the millisecond where possible. LiveKit stamps events in whole seconds, so the
 * true time lies in [createdAt, createdAt + 1 s); the moment we received it is never earlier than the event,
 * so it is the best estimate inside that second (a delivery delayed by more is capped at the second's end).
 */
function eventTime(event: WebhookEvent, receivedAt: number): number {
  const second = validTime(Number(event.createdAt) * 1000);
  if (!second) return receivedAt;
  return Math.min(Math.max(receivedAt, second), second + 999);
}

/** LiveKit's int64 times can hold values no `Date` can (found by fuzzing: a 500 on `toISOString`): ignore those. */
function validTime(ms: number): number | undefined {
  return ms && Number.isFinite(new Date(ms).getTime()) ? ms : undefined;
}

function sourceName(source: TrackSource): string {
  switch (source) {
    case TrackSource.CAMERA:
      return 'camera';
    case TrackSource.MICROPHONE:
      return 'microphone';
    case TrackSource.SCREEN_SHARE:
      return 'screen_share';
    case TrackSource.SCREEN_SHARE_AUDIO:
      return 'screen_share_audio';
    default:
      return 'unknown';
  }
}
