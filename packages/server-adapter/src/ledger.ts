import type { Ledger, LedgerEnd, LedgerParticipant, LedgerStaffAction, Role } from '@visitkit/core/protocol';
import type { VisitEvent, VisitEventOf } from './visit-events.js';

/** Ledger options. */
export interface LedgerOptions {
  /** Open intervals count up to this time (ms since epoch). Default: the latest event's time. */
  now?: number;
}

interface Session {
  sid: string;
  identity: string;
  name?: string;
  role?: Role;
  joinedAt?: number;
  leftAt?: number;
  leaveReason?: string;
}

/** Grace around `endsAt` within which a room deleted by the server counts as ended by the time limit. */
const TIME_LIMIT_SLACK_MS = 5_000;

/**
 * Computes a visit's ledger from its events. Pure, and the same for any order or repetition of the events:
 * they are de-duplicated by id, and each connection is paired by LiveKit's participant session id, not by
 * arrival order.
 *
 * @example
 * const ledger = buildLedger('visit-42', await store.list('visit-42'));
 * ledger.bothConnectedSeconds; // billable time
 */
export function buildLedger(visitId: string, events: readonly VisitEvent[], options: LedgerOptions = {}): Ledger {
  const unique = new Map<string, VisitEvent>();
  for (const event of events) if (event.visitId === visitId && !unique.has(event.id)) unique.set(event.id, event);
  const ordered = [...unique.values()].sort((a, b) => time(a.at) - time(b.at) || a.id.localeCompare(b.id));
  const sessions = new Map<string, Session>();
  const finishes: VisitEventOf<'room-finished'>[] = [];
  const staffActions: LedgerStaffAction[] = [];
  let termination: VisitEventOf<'visit-terminated'> | undefined;
  let expiry: VisitEventOf<'visit-expired'> | undefined;

  for (const event of ordered) {
    switch (event.type) {
      case 'participant-joined':
      case 'participant-left': {
        const { participant } = event;
        const sid = participant.sid ?? `identity:${participant.identity}`;
        const session = sessions.get(sid) ?? { sid, identity: participant.identity };
        session.name ??= participant.name;
        session.role ??= participant.role;
        const at = time(event.at);
        if (event.type === 'participant-joined') session.joinedAt = Math.min(session.joinedAt ?? at, at);
        else if (session.leftAt === undefined || at > session.leftAt) {
          session.leftAt = at;
          session.leaveReason = event.reason;
        }
        sessions.set(sid, session);
        break;
      }
      case 'room-finished':
        finishes.push(event);
        break;
      case 'visit-terminated':
        termination ??= event;
        staffActions.push({ at: event.at, action: 'terminate', staff: event.staff.identity, detail: event.reason });
        break;
      case 'visit-warned':
        staffActions.push({
          at: event.at,
          action: 'warn',
          staff: event.staff.identity,
          detail: event.message ? `${event.code}: ${event.message}` : event.code,
        });
        break;
      case 'track-muted':
        staffActions.push({
          at: event.at,
          action: 'mute',
          staff: event.staff.identity,
          detail: `${event.participant.identity} ${event.track.kind}`,
        });
        break;
      case 'visit-expired':
        expiry ??= event;
        break;
      case 'token-issued':
      case 'consent-recorded':
      case 'room-started':
      case 'track-published':
      case 'track-unpublished':
      case 'time-warning':
      case 'participant-removed':
      case 'rejoin-refused':
        break;
      default: {
        const unreachable: never = event;
        throw new TypeError(`unknown event ${(unreachable as { type: string }).type}`);
      }
    }
  }

  const latest = ordered.length > 0 ? time(ordered[ordered.length - 1]!.at) : 0;
  const asOf = options.now ?? latest;
  const closed = [...sessions.values()]
    .filter((s): s is Session & { joinedAt: number } => s.joinedAt !== undefined)
    .map((s) => closeAtRoomFinish(s, finishes))
    .sort((a, b) => a.joinedAt - b.joinedAt);

  const both = bothConnected(closed, asOf);
  return {
    visitId,
    participants: participantsOf(closed, asOf),
    bothConnectedSeconds: seconds(both.ms),
    firstJoinedAt: closed[0] ? iso(closed[0].joinedAt) : null,
    end: endOf(closed, finishes, termination, expiry, both.lastBreak),
    staffActions,
    eventCount: unique.size,
  };
}

/** A session still open when its room finished ended then (LiveKit may not send every `left`). */
function closeAtRoomFinish<S extends Session & { joinedAt: number }>(session: S, finishes: VisitEventOf<'room-finished'>[]): S {
  if (session.leftAt !== undefined) return { ...session, leftAt: Math.max(session.leftAt, session.joinedAt) };
  const finish = finishes.find((f) => time(f.at) >= session.joinedAt);
  return finish ? { ...session, leftAt: time(finish.at), leaveReason: 'ROOM_CLOSED' } : session;
}

function participantsOf(sessions: (Session & { joinedAt: number })[], asOf: number): LedgerParticipant[] {
  const byIdentity = new Map<string, LedgerParticipant & { ms: number }>();
  for (const s of sessions) {
    const entry = byIdentity.get(s.identity) ?? { identity: s.identity, intervals: [], connectedSeconds: 0, ms: 0 };
    if (s.name && !entry.name) entry.name = s.name;
    if (s.role && !entry.role) entry.role = s.role;
    entry.intervals.push({
      joinedAt: iso(s.joinedAt),
      leftAt: s.leftAt === undefined ? null : iso(s.leftAt),
      ...(s.leaveReason ? { leaveReason: s.leaveReason } : {}),
    });
    byIdentity.set(s.identity, entry);
  }
  return [...byIdentity.values()].map(({ ms: _ms, ...participant }) => {
    const own = sessions.filter((s) => s.identity === participant.identity);
    return { ...participant, connectedSeconds: seconds(unionMs(own, asOf, () => true)) };
  });
}

/** Total time covered by the sessions that match (overlaps counted once). */
function unionMs(sessions: (Session & { joinedAt: number })[], asOf: number, match: (s: Session) => boolean): number {
  const sweep = sweepOf(sessions.filter(match), asOf, () => 'a');
  let total = 0;
  let open = 0;
  let since = 0;
  for (const point of sweep) {
    if (open > 0) total += point.at - since;
    open += point.delta;
    since = point.at;
  }
  return total;
}

type Side = 'resident' | 'other' | 'a';
function sweepOf(sessions: (Session & { joinedAt: number })[], asOf: number, side: (s: Session) => Side | undefined) {
  const points: { at: number; delta: number; side: Side; session: Session }[] = [];
  for (const s of sessions) {
    const which = side(s);
    if (!which) continue;
    const end = Math.max(s.joinedAt, s.leftAt ?? Math.max(asOf, s.joinedAt));
    points.push({ at: s.joinedAt, delta: 1, side: which, session: s }, { at: end, delta: -1, side: which, session: s });
  }
  // Leaves before joins at the same instant: touching intervals do not overlap.
  return points.sort((a, b) => a.at - b.at || a.delta - b.delta);
}

/** Time with the resident and at least one visitor/attorney connected, and the leave that last broke it. */
function bothConnected(sessions: (Session & { joinedAt: number })[], asOf: number) {
  const sweep = sweepOf(sessions, asOf, (s) =>
    s.role === 'resident' ? 'resident' : s.role === 'visitor' || s.role === 'attorney' ? 'other' : undefined,
  );
  const open = { resident: 0, other: 0, a: 0 };
  let ms = 0;
  let since = 0;
  let lastBreak: Session | undefined;
  for (const point of sweep) {
    const wasBoth = open.resident > 0 && open.other > 0;
    if (wasBoth) ms += point.at - since;
    open[point.side] += point.delta;
    since = point.at;
    if (wasBoth && !(open.resident > 0 && open.other > 0)) lastBreak = point.session;
  }
  return { ms, lastBreak };
}

function endOf(
  sessions: (Session & { joinedAt: number })[],
  finishes: VisitEventOf<'room-finished'>[],
  termination: VisitEventOf<'visit-terminated'> | undefined,
  expiry: VisitEventOf<'visit-expired'> | undefined,
  lastBreak: Session | undefined,
): LedgerEnd | null {
  if (termination) {
    return { cause: 'staff', at: termination.at, identity: termination.staff.identity, reason: termination.reason };
  }
  if (expiry) return { cause: 'time-limit', at: expiry.at };
  const finish = finishes[finishes.length - 1];
  if (!finish || sessions.some((s) => s.joinedAt > time(finish.at))) return null;
  const endsAt = finish.endsAt ? time(finish.endsAt) : Number.POSITIVE_INFINITY;
  const decisive =
    lastBreak ??
    [...sessions].filter((s) => s.role !== 'monitor' && s.leftAt !== undefined).sort((a, b) => a.leftAt! - b.leftAt!).at(-1);
  if (decisive?.leaveReason === 'CLIENT_INITIATED') {
    return { cause: 'user', at: iso(decisive.leftAt ?? time(finish.at)), identity: decisive.identity };
  }
  if ((decisive?.leftAt ?? time(finish.at)) >= endsAt - TIME_LIMIT_SLACK_MS) return { cause: 'time-limit', at: finish.at };
  return { cause: 'system', at: finish.at, ...(decisive?.leaveReason ? { detail: decisive.leaveReason } : {}) };
}

function time(value: string): number {
  return Date.parse(value);
}
function iso(ms: number): string {
  return new Date(ms).toISOString();
}
function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
