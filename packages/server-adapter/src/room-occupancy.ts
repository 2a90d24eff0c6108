import type { ParticipantInfo, RoomServiceClient } from 'livekit-server-sdk';

/** How long one answer of "who is in the room" serves token requests. */
export const OCCUPANCY_CACHE_MS = 1000;

/**
 * Who is in a visit's room, for the `maxVisitors` check of the token route. Concurrent requests for the same
 * room share one `listParticipants` call, and its answer serves for a second: a burst of visitors costs one
 * LiveKit round trip, not one each. The answer can be up to a second old: whoever was admitted in that second
 * still holds a seat claimed in the store (`VisitStore.claimSeat`), which is what makes capacity hold across
 * instances. The enforcer removes whoever joined last should a room still be over `maxVisitors`.
 */
export class RoomOccupancy {
  readonly #rooms: RoomServiceClient;
  readonly #ttlMs: number;
  readonly #answers = new Map<string, { until: number; participants: Promise<ParticipantInfo[]> }>();

  constructor(rooms: RoomServiceClient, ttlMs = OCCUPANCY_CACHE_MS) {
    this.#rooms = rooms;
    this.#ttlMs = ttlMs;
  }

  /** The room's participants (hidden ones included); rejects when LiveKit fails. */
  participants(room: string, now: number): Promise<ParticipantInfo[]> {
    const cached = this.#answers.get(room);
    if (cached && cached.until > now) return cached.participants;
    const participants = this.#rooms.listParticipants(room);
    const entry = { until: now + this.#ttlMs, participants };
    this.#answers.set(room, entry);
    participants.catch(() => {
      if (this.#answers.get(room) === entry) this.#answers.delete(room);
    });
    // Old answers go when a newer one is asked for; this keeps the map at the number of active rooms.
    if (this.#answers.size > 1000) {
      for (const [key, value] of this.#answers) if (value.until <= now) this.#answers.delete(key);
    }
    return participants;
  }
}
