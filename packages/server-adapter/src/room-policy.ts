import type { RoomServiceClient } from 'livekit-server-sdk';
import { visitorSeats, type Visit } from '@visitkit/core/protocol';
import { VisitHttpError } from './http-error.js';
import { roomMetadataFor, syncRoomMetadata } from './monitor-presence.js';

/** Seconds a token (and an empty room) outlive `endsAt`, so clock skew never cuts a visit short. */
export const END_GRACE_SECONDS = 120;
/** Seconds LiveKit keeps a room after the last participant left: enough to rejoin after a dropout. */
export const DEPARTURE_TIMEOUT_SECONDS = 60;
/** Hidden monitor seats added to `maxParticipants` on social visits. */
export const MONITOR_SEATS = 2;

/** The room options the adapter creates a visit's room with. */
export interface RoomPolicy {
  /** The visit the metadata carries. */
  visit: Visit;
  metadata: string;
  maxParticipants: number;
  emptyTimeout: number;
  departureTimeout: number;
}

/**
 * Room options for a visit. The metadata is the visit policy (`{visitkit:1, visit, monitorPresent}`), the
 * single source of truth for the enforcer and clients; a new room has no monitor yet. The room stays open
 * while empty until `endsAt` + grace, so a participant arriving early in the lobby does not find it closed.
 */
export function roomPolicy(visit: Visit, now: number, departureTimeout = DEPARTURE_TIMEOUT_SECONDS): RoomPolicy {
  const secondsToEnd = Math.ceil((Date.parse(visit.endsAt) - now) / 1000);
  const monitorSeats = visit.kind === 'social' ? MONITOR_SEATS : 0;
  return {
    visit,
    metadata: roomMetadataFor(visit, false),
    maxParticipants: 1 + Math.max(visitorSeats(visit), 1) + monitorSeats,
    emptyTimeout: Math.max(60, secondsToEnd + END_GRACE_SECONDS),
    departureTimeout,
  };
}

/** How long a created room is trusted without asking LiveKit again (another instance may have closed it). */
export const ROOM_CACHE_MS = 30_000;

/**
 * Ensures each visit's room exists with its current policy, remembering it per visit id + metadata so a
 * repeated token request costs no LiveKit round trip. Concurrent requests share one in-flight creation.
 */
export class RoomRegistry {
  readonly #rooms: RoomServiceClient;
  readonly #ttlMs: number;
  readonly #known = new Map<string, { metadata: string; until: number; ready: Promise<void> }>();

  constructor(rooms: RoomServiceClient, ttlMs = ROOM_CACHE_MS) {
    this.#rooms = rooms;
    this.#ttlMs = ttlMs;
  }

  /** Creates or updates the room; throws `livekit-unreachable` (502) when LiveKit fails. */
  ensure(visitId: string, room: string, policy: RoomPolicy, now: number): Promise<void> {
    const known = this.#known.get(visitId);
    if (known && known.metadata === policy.metadata && known.until > now) return known.ready;
    const ready = this.#create(room, policy, now);
    const entry = { metadata: policy.metadata, until: now + this.#ttlMs, ready };
    this.#known.set(visitId, entry);
    ready.catch(() => {
      if (this.#known.get(visitId) === entry) this.#known.delete(visitId);
    });
    return ready;
  }

  /** Forgets a visit's room (it finished or was deleted), so the next request checks LiveKit again. */
  forget(visitId: string): void {
    this.#known.delete(visitId);
  }

  async #create(room: string, policy: RoomPolicy, now: number): Promise<void> {
    try {
      // CreateRoom returns the existing room unchanged when it already exists: fix its metadata if the
      // portal changed the visit (rescheduled, more visitors, …), and recount monitors (a webhook may
      // have been lost, or the room may be an old one with monitors in it). A room LiveKit auto-created for
      // a participant's join has no metadata: this writes the policy into it.
      const { visit, ...options } = policy;
      const created = await this.#rooms.createRoom({ name: room, ...options });
      await syncRoomMetadata(this.#rooms, room, { current: created.metadata, visit, now });
    } catch (error) {
      throw VisitHttpError.livekitUnreachable(error);
    }
  }
}
