import { ParticipantInfo_State, type ParticipantInfo } from 'livekit-server-sdk';
import { participantRef } from './participant-ref.js';
import type { ParticipantRef, VisitEvent } from './visit-events.js';

/**
 * The corrections that make a visit's events agree with who LiveKit lists in its room now: a session the
 * events show open but LiveKit no longer lists gets a `participant-left`, a listed session the events never
 * saw join gets a `participant-joined` (at LiveKit's own join time). Both carry `reconciled: {noticedAt}` and
 * a deterministic id (`reconciled_left_<sid>`, or `…_seen` when stamped with `lastSeen`; `reconciled_joined_<sid>`),
 * so several enforcers reconciling at once produce one event of each kind (the ledger prefers a `…_seen` leave,
 * then the earlier), and a late webhook of the same session is recognisable by its sid. The true time of a
 * left is unknown (the webhook was lost, or the LiveKit node hosting the room died): it is stamped with the last
 * moment this enforcer saw the session in LiveKit's list (`lastSeen`), else with the session's own last event (its
 * join or a track of it) — never with when it was noticed, so an outage before that is never billed.
 *
 * @example
 * for (const event of reconcile('visit-42', await store.list('visit-42'), listed, Date.now())) await store.append(event);
 */
export function reconcile(
  visitId: string,
  events: readonly VisitEvent[],
  listed: readonly ParticipantInfo[],
  noticedAtMs: number,
  lastSeen: ReadonlyMap<string, number> = new Map(),
): VisitEvent[] {
  const joined = new Map<string, ParticipantRef>();
  const left = new Set<string>();
  /** The latest moment each session's own events show it there (its join, its tracks). */
  const evidence = new Map<string, number>();
  for (const event of events) {
    if (event.visitId !== visitId || !('participant' in event) || !event.participant.sid) continue;
    const sid = event.participant.sid;
    if (event.type === 'participant-joined') joined.set(sid, event.participant);
    if (event.type === 'participant-left') left.add(sid);
    else evidence.set(sid, Math.max(evidence.get(sid) ?? -Infinity, Date.parse(event.at)));
  }
  const present = listed.filter((p) => p.state !== ParticipantInfo_State.DISCONNECTED);
  const presentSids = new Set(present.map((p) => p.sid));
  const noticedAt = new Date(noticedAtMs).toISOString();
  const corrections: VisitEvent[] = [];
  for (const [sid, participant] of joined) {
    if (left.has(sid) || presentSids.has(sid)) continue;
    const seen = lastSeen.get(sid);
    const wasSeen = seen !== undefined && seen < noticedAtMs;
    // Never seen listed by this enforcer (it lived less than a tick, or this instance just started): its own last
    // event is the last proof it was there.
    const lastProof = Math.min(evidence.get(sid) ?? noticedAtMs, noticedAtMs);
    corrections.push({
      type: 'participant-left',
      // One id per kind of estimate, so that an enforcer that never saw the session (stamping when it noticed)
      // cannot take the place of one that saw it last: the ledger keeps the earlier of the two.
      id: wasSeen ? `reconciled_left_${sid}_seen` : `reconciled_left_${sid}`,
      visitId,
      at: new Date(wasSeen ? seen : lastProof).toISOString(),
      participant,
      reason: 'RECONCILED',
      reconciled: { noticedAt },
    });
  }
  for (const participant of present) {
    if (joined.has(participant.sid)) continue;
    const joinedMs = Number(participant.joinedAtMs) || Number(participant.joinedAt) * 1000 || noticedAtMs;
    corrections.push({
      type: 'participant-joined',
      id: `reconciled_joined_${participant.sid}`,
      visitId,
      at: new Date(Math.min(joinedMs, noticedAtMs)).toISOString(),
      participant: participantRef(participant),
      reconciled: { noticedAt },
    });
  }
  return corrections;
}
