import type { Ledger, LedgerEnd, Role } from '@visitkit/core/protocol';
import { visitPhase, type ScheduledVisit } from './visits.js';

/** Someone connected to a visit right now, from the ledger's open interval. */
export interface ConnectedPerson {
  readonly identity: string;
  /** Display name from the token (untrusted text: render it escaped). */
  readonly name: string;
  readonly role: Role | undefined;
  /** When the current connection started (ISO 8601). */
  readonly since: string;
}

/** One visit on the staff overview: what an officer needs to decide whether to look in. */
export interface LiveVisitSummary {
  readonly visit: ScheduledVisit;
  /** `lobby`: the waiting room is open, the visit has not started; `open`: between startsAt and endsAt. */
  readonly phase: 'lobby' | 'open';
  /** Connected now, monitors included (an officer wants to know a colleague is already watching). */
  readonly connected: readonly ConnectedPerson[];
  /** Seconds until `endsAt` (never negative). */
  readonly secondsLeft: number;
  /** Seconds until `startsAt` while in the lobby phase, else 0. */
  readonly secondsToStart: number;
  readonly privileged: boolean;
  readonly recorded: boolean;
  readonly monitored: boolean;
  readonly requireMonitor: boolean;
  /** Whether a monitor is connected now. */
  readonly monitorConnected: boolean;
  /** How the visit ended, when it ended before its time (terminated, everyone left, …). */
  readonly end: LedgerEnd | null;
}

/**
 * The staff overview's data: the visits that are live (open, or with the waiting room open) and, for each,
 * who is connected now and since when (from its ledger, i.e. the webhooks the portal stored), time left and
 * its policy flags. Privileged visits are never `recorded` or `monitored`, whatever the row says.
 *
 * @example
 * const summaries = summarizeLiveVisits(await visitsFor(db, officer), (id) => ledgers.get(id), new Date());
 */
export function summarizeLiveVisits(
  visits: readonly ScheduledVisit[],
  ledgerOf: (visitId: string) => Ledger | undefined,
  now: Date,
): LiveVisitSummary[] {
  const summaries: LiveVisitSummary[] = [];
  for (const visit of visits) {
    const phase = visitPhase(visit, now);
    if (phase !== 'open' && phase !== 'lobby') continue;
    const ledger = ledgerOf(visit.id);
    const connected = connectedNow(ledger);
    const privileged = visit.kind === 'privileged';
    summaries.push({
      visit,
      phase,
      connected,
      secondsLeft: Math.max(0, Math.round((visit.endsAt.getTime() - now.getTime()) / 1000)),
      secondsToStart:
        phase === 'lobby' ? Math.max(0, Math.round((visit.startsAt.getTime() - now.getTime()) / 1000)) : 0,
      privileged,
      recorded: !privileged && visit.recorded,
      monitored: !privileged && visit.monitored,
      requireMonitor: !privileged && visit.requireMonitor,
      monitorConnected: connected.some((p) => p.role === 'monitor'),
      end: ledger?.end ?? null,
    });
  }
  return summaries;
}

/**
 * Whether a visit belongs on the overview at `now`: open, or with its waiting room open.
 *
 * @example
 * const live = (await visitsFor(db, officer)).filter((visit) => isLiveVisit(visit, new Date()));
 */
export function isLiveVisit(visit: ScheduledVisit, now: Date): boolean {
  const phase = visitPhase(visit, now);
  return phase === 'open' || phase === 'lobby';
}

/** People whose last interval is still open, earliest first. */
function connectedNow(ledger: Ledger | undefined): ConnectedPerson[] {
  if (!ledger) return [];
  const people: ConnectedPerson[] = [];
  for (const participant of ledger.participants) {
    const open = participant.intervals.find((interval) => interval.leftAt === null);
    if (!open) continue;
    people.push({
      identity: participant.identity,
      name: participant.name ?? participant.identity,
      role: participant.role,
      since: open.joinedAt,
    });
  }
  return people.sort((a, b) => a.since.localeCompare(b.since));
}
