import type { VisitEvent } from './visit-events.js';

/** A session the events still count as connected, and the track of it most recently published. */
export interface StrandedTrack {
  identity: string;
  participantSid: string;
  trackSid: string;
}

/**
 * The sessions of `visitId` that LiveKit itself never reported gone (no `participant-left` from a webhook — a
 * reconciled leave is the enforcer's guess, not LiveKit's word), each with its latest track still published. After
 * a visit's room was closed these are people who may still be connected to a copy of the room the closing never
 * reached (see `createEnforcer`). A session without a published track is left out: there is nothing to touch.
 *
 * @example
 * for (const { identity, trackSid } of strandedTracks('visit-42', await store.list('visit-42'))) …
 */
export function strandedTracks(visitId: string, events: readonly VisitEvent[]): StrandedTrack[] {
  const open = new Map<string, string>();
  const gone = new Set<string>();
  const tracks = new Map<string, string[]>();
  for (const event of events) {
    if (event.visitId !== visitId) continue;
    if (event.type === 'participant-joined' && event.participant.sid) {
      open.set(event.participant.sid, event.participant.identity);
    } else if (event.type === 'participant-left' && event.participant.sid && !event.reconciled) {
      gone.add(event.participant.sid);
    } else if ((event.type === 'track-published' || event.type === 'track-unpublished') && event.participant.sid) {
      const sid = event.participant.sid;
      const published = (tracks.get(sid) ?? []).filter((track) => track !== event.track.sid);
      tracks.set(sid, event.type === 'track-published' ? [...published, event.track.sid] : published);
    }
  }
  const stranded: StrandedTrack[] = [];
  for (const [participantSid, identity] of open) {
    const trackSid = tracks.get(participantSid)?.at(-1);
    if (!gone.has(participantSid) && trackSid) stranded.push({ identity, participantSid, trackSid });
  }
  return stranded;
}
