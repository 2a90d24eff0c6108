import type {
  Ledger,
  LedgerConsent,
  LedgerEnd,
  LedgerParticipant,
  LedgerStaffAction,
  LedgerTimeWarning,
  Role,
} from '@visitkit/core/protocol';
import { bill } from './billing.js';
import type { VisitEvent, VisitEventOf } from './visit-events.js';

/** Ledger options. */
export interface LedgerOptions {
  /** Open intervals count up to this time (ms since epoch). Default: the latest event's time. */
  now?: number;
  /**
   * The visit's policy, for billing: nothing before `startsAt` or from `endsAt` is billed, and on a
   * `requireMonitor` visit only time with a monitor connected. Without it, only the parties' presence and
   * a termination limit billing. Times as ISO strings or `Date`s, like `authorize` returns them. With
   * `kind: 'privileged'` the ledger also states the visit's privacy (`privileged`).
   */
  visit?: { startsAt: string | Date; endsAt: string | Date; requireMonitor?: boolean; kind?: 'social' | 'privileged' };
}

interface Session {
  sid: string;
  identity: string;
  name?: string;
  role?: Role;
  joinedAt?: number;
  leftAt?: number;
  leaveReason?: string;
  /** Whether an end of the session is known only from the enforcer's reconciliation (no webhook for it). */
  joinReconciled?: boolean;
  leaveReconciled?: boolean;
  /** The reconciled leave was stamped when an enforcer last saw the session listed (`…_seen`). */
  leaveSeen?: boolean;
}
type Joined = Session & { joinedAt: number };

/** Grace around `endsAt` within which a room deleted by the server counts as ended by the time limit. */
const TIME_LIMIT_SLACK_MS = 5_000;

/**
 * Computes a visit's ledger from its events. Pure, and the same for any order or repetition of the events:
 * they are de-duplicated by id, and each connection is paired by LiveKit's participant session id, not by
 * arrival order.
 *
 * @example
 * const ledger = buildLedger('visit-42', await store.list('visit-42'), { visit });
 * ledger.billableSeconds; // time to bill: both parties connected and able to see and hear each other
 */
export function buildLedger(visitId: string, events: readonly VisitEvent[], options: LedgerOptions = {}): Ledger {
  const unique = new Map<string, VisitEvent>();
  for (const event of events) if (event.visitId === visitId && !unique.has(event.id)) unique.set(event.id, event);
  const ordered = [...unique.values()].sort((a, b) => time(a.at) - time(b.at) || compare(a.id, b.id));
  const sessions = new Map<string, Session>();
  const finishes: VisitEventOf<'room-finished'>[] = [];
  const consents: VisitEventOf<'consent-recorded'>[] = [];
  const staffActions: LedgerStaffAction[] = [];
  const timeWarnings = new Map<number, LedgerTimeWarning>();
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
        const reconciled = event.reconciled !== undefined;
        // LiveKit's own webhook beats the enforcer's reconciliation, which can only stamp when it noticed: a late
        // webhook delivered after an outage corrects the reconciled time (in any order of arrival).
        if (event.type === 'participant-joined') {
          if (
            session.joinedAt === undefined ||
            (session.joinReconciled && !reconciled) ||
            (session.joinReconciled === reconciled && at < session.joinedAt)
          ) {
            session.joinedAt = at;
            session.joinReconciled = reconciled;
          }
        } else {
          // A reconciled leave stamped when an enforcer last saw the session listed (`…_seen`) is better evidence than
          // one stamped from the session's own last event by an enforcer that never saw it listed.
          const seen = reconciled && event.id.endsWith('_seen');
          if (
            session.leftAt === undefined ||
            (session.leaveReconciled && !reconciled) ||
            // Two LiveKit leaves: the later. Two reconciled ones: a `…_seen` one, else the earlier — a moment the
            // session was still there, so an outage after it is never billed.
            (session.leaveReconciled === reconciled &&
              (reconciled ? (seen !== (session.leaveSeen ?? false) ? seen : at < session.leftAt) : at > session.leftAt))
          ) {
            session.leftAt = at;
            session.leaveReason = event.reason;
            session.leaveReconciled = reconciled;
            session.leaveSeen = seen;
          }
        }
        sessions.set(sid, session);
        break;
      }
      case 'consent-recorded':
        consents.push(event);
        break;
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
      case 'time-warning':
        // Events come oldest first: the first record of an offset is when it was sent.
        if (!timeWarnings.has(event.secondsLeft)) {
          timeWarnings.set(event.secondsLeft, { at: event.at, secondsLeft: event.secondsLeft });
        }
        break;
      case 'token-issued':
      case 'room-started':
      case 'track-published':
      case 'track-unpublished':
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
  const closed = oneSessionPerIdentity(
    [...sessions.values()]
      .filter((s): s is Joined => s.joinedAt !== undefined)
      .map((s) => closeAtRoomFinish(s, finishes))
      .sort((a, b) => a.joinedAt - b.joinedAt || compare(a.sid, b.sid)),
  );

  const billing = bill(
    closed.map((s) => ({ role: s.role, start: s.joinedAt, end: endOf(s, asOf) })),
    {
      ...(options.visit ? { startsAt: instant(options.visit.startsAt), endsAt: instant(options.visit.endsAt) } : {}),
      requireMonitor: options.visit?.requireMonitor ?? false,
      ...(termination ? { terminatedAt: time(termination.at) } : {}),
    },
  );
  return {
    visitId,
    participants: participantsOf(closed, consents, asOf),
    billableSeconds: seconds(billing.billableMs),
    bothConnectedSeconds: seconds(billing.billableMs),
    unbilled: billing.unbilled.map((u) => ({
      from: iso(u.from),
      to: iso(u.to),
      seconds: seconds(u.to - u.from),
      reason: u.reason,
    })),
    firstJoinedAt: closed[0] ? iso(closed[0].joinedAt) : null,
    end: endCause(
      closed,
      finishes,
      termination,
      expiry,
      lastBreakOf(closed, asOf),
      options.visit ? instant(options.visit.endsAt) : undefined,
    ),
    staffActions,
    timeWarnings: [...timeWarnings.values()],
    ...(options.visit?.kind === 'privileged' ? { privileged: privacyOf(sessions.values()) } : {}),
    eventCount: unique.size,
  };
}

/**
 * A privileged visit's privacy record. Its media is end-to-end encrypted by construction (the adapter hands the
 * key to the parties only and the client refuses to publish in the clear), so `e2ee` is always true. Admissions
 * come from LiveKit's join webhooks: a monitor role, or anyone without a Visitkit role — a LiveKit egress
 * (recorder), an agent, or a token minted with the API key outside the adapter — counts as admitted.
 */
function privacyOf(sessions: Iterable<Session>): NonNullable<Ledger['privileged']> {
  let monitorAdmitted = false;
  let recorderAdmitted = false;
  for (const session of sessions) {
    if (session.joinedAt === undefined) continue;
    if (session.role === 'monitor') monitorAdmitted = true;
    if (session.role === undefined) recorderAdmitted = true;
  }
  return { e2ee: true, monitorAdmitted, recorderAdmitted };
}

/**
 * LiveKit keeps one session per identity: a rejoin under the same identity replaces the previous session
 * (`DUPLICATE_IDENTITY`), whose "left" webhook may come late or never. So a session ends at the latest
 * when the next session of the same identity begins; a person's intervals never overlap.
 */
function oneSessionPerIdentity(sorted: Joined[]): Joined[] {
  const next = new Map<string, number>();
  const out: Joined[] = [];
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    const s = sorted[i]!;
    const replacedAt = next.get(s.identity);
    next.set(s.identity, s.joinedAt);
    if (replacedAt === undefined || (s.leftAt !== undefined && s.leftAt <= replacedAt)) out.push(s);
    else
      out.push({
        ...s,
        leftAt: replacedAt,
        leaveReason: s.leftAt === undefined ? 'DUPLICATE_IDENTITY' : s.leaveReason,
      });
  }
  return out.reverse();
}

/** Where an interval ends for the totals: its leave, or (still open) the ledger's time. */
function endOf(s: Joined, asOf: number): number {
  return Math.max(s.joinedAt, s.leftAt ?? Math.max(asOf, s.joinedAt));
}

/** A session still open when its room finished ended then (LiveKit may not send every `left`). */
function closeAtRoomFinish(session: Joined, finishes: VisitEventOf<'room-finished'>[]): Joined {
  if (session.leftAt !== undefined) return { ...session, leftAt: Math.max(session.leftAt, session.joinedAt) };
  const finish = finishes.find((f) => time(f.at) >= session.joinedAt);
  return finish ? { ...session, leftAt: time(finish.at), leaveReason: 'ROOM_CLOSED' } : session;
}

function participantsOf(
  sessions: Joined[],
  consents: VisitEventOf<'consent-recorded'>[],
  asOf: number,
): LedgerParticipant[] {
  const byIdentity = new Map<string, LedgerParticipant>();
  const entryFor = (identity: string) => {
    const entry = byIdentity.get(identity) ?? { identity, intervals: [], connectedSeconds: 0, consents: [] };
    byIdentity.set(identity, entry);
    return entry;
  };
  for (const s of sessions) {
    const entry = entryFor(s.identity);
    if (s.name && !entry.name) entry.name = s.name;
    if (s.role && !entry.role) entry.role = s.role;
    entry.intervals.push({
      joinedAt: iso(s.joinedAt),
      leftAt: s.leftAt === undefined ? null : iso(s.leftAt),
      ...(s.leaveReason ? { leaveReason: s.leaveReason } : {}),
      ...(s.joinReconciled || s.leaveReconciled ? { reconciled: true as const } : {}),
    });
  }
  // Someone who consented but never connected is listed too: every consent given is on the record.
  for (const consent of [...consents].sort((a, b) => compare(a.participant.identity, b.participant.identity))) {
    const entry = entryFor(consent.participant.identity);
    if (consent.participant.name && !entry.name) entry.name = consent.participant.name;
    entry.role ??= consent.participant.role;
    const given: LedgerConsent = {
      acceptedAt: consent.acceptedAt,
      recordedAt: consent.at,
      ...(consent.textSha256 ? { textSha256: consent.textSha256 } : {}),
    };
    // Each token refresh re-sends the same consent: it is one consent, recorded when first seen.
    const same = entry.consents.find((c) => c.acceptedAt === given.acceptedAt && c.textSha256 === given.textSha256);
    if (!same) entry.consents.push(given);
    else if (time(given.recordedAt) < time(same.recordedAt)) same.recordedAt = given.recordedAt;
  }
  return [...byIdentity.values()].map((participant) => {
    const own = sessions.filter((s) => s.identity === participant.identity);
    participant.consents.sort(
      (a, b) => time(a.acceptedAt) - time(b.acceptedAt) || compare(a.textSha256 ?? '', b.textSha256 ?? ''),
    );
    return { ...participant, connectedSeconds: seconds(unionMs(own, asOf, () => true)) };
  });
}

/** Total time covered by the sessions that match (overlaps counted once). */
function unionMs(sessions: Joined[], asOf: number, match: (s: Session) => boolean): number {
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
function sweepOf(sessions: Joined[], asOf: number, side: (s: Session) => Side | undefined) {
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

/** The leave that last broke the resident and a visitor/attorney being connected together (for the end cause). */
function lastBreakOf(sessions: Joined[], asOf: number): Session | undefined {
  const sweep = sweepOf(sessions, asOf, (s) =>
    s.role === 'resident' ? 'resident' : s.role === 'visitor' || s.role === 'attorney' ? 'other' : undefined,
  );
  const open = { resident: 0, other: 0, a: 0 };
  let lastBreak: Session | undefined;
  for (const point of sweep) {
    const wasBoth = open.resident > 0 && open.other > 0;
    open[point.side] += point.delta;
    if (wasBoth && !(open.resident > 0 && open.other > 0)) lastBreak = point.session;
  }
  return lastBreak;
}

function endCause(
  sessions: Joined[],
  finishes: VisitEventOf<'room-finished'>[],
  termination: VisitEventOf<'visit-terminated'> | undefined,
  expiry: VisitEventOf<'visit-expired'> | undefined,
  lastBreak: Session | undefined,
  visitEndsAt: number | undefined,
): LedgerEnd | null {
  if (termination) {
    return { cause: 'staff', at: termination.at, identity: termination.staff.identity, reason: termination.reason };
  }
  if (expiry) return { cause: 'time-limit', at: expiry.at };
  const finish = finishes[finishes.length - 1];
  const closedAt = closedAtOf(sessions, finish);
  if (closedAt === undefined) return null;
  const endsAt = finish?.endsAt ? time(finish.endsAt) : (visitEndsAt ?? Number.POSITIVE_INFINITY);
  const decisive =
    lastBreak ??
    [...sessions]
      .filter((s) => s.role !== 'monitor' && s.leftAt !== undefined)
      .sort((a, b) => a.leftAt! - b.leftAt!)
      .at(-1);
  // At the scheduled end it is the time limit, even when a client hung up by itself as its countdown ran out (before
  // the enforcer's own end is recorded).
  if ((decisive?.leftAt ?? closedAt) >= endsAt - TIME_LIMIT_SLACK_MS) return { cause: 'time-limit', at: iso(closedAt) };
  if (decisive?.leaveReason === 'CLIENT_INITIATED') {
    return { cause: 'user', at: iso(decisive.leftAt ?? closedAt), identity: decisive.identity };
  }
  return { cause: 'system', at: iso(closedAt), ...(decisive?.leaveReason ? { detail: decisive.leaveReason } : {}) };
}

/**
 * When the visit closed, or `undefined` while it may go on: the room's `room_finished` (LiveKit sends it only after
 * its departure timeout, about a minute after the last person left) — or, before that, the moment the last party
 * (resident, visitor, attorney) left, so the ledger's end does not wait for LiveKit. A party who joins again (in the
 * same room, or a new one) reopens the visit: the ledger is recomputed from the events, so the end goes back to null.
 */
function closedAtOf(sessions: Joined[], finish: VisitEventOf<'room-finished'> | undefined): number | undefined {
  if (finish && !sessions.some((s) => s.joinedAt > time(finish.at))) return time(finish.at);
  const parties = sessions.filter((s) => s.role !== 'monitor');
  if (parties.length === 0 || parties.some((s) => s.leftAt === undefined)) return undefined;
  return Math.max(...parties.map((s) => s.leftAt!));
}

/** Plain code-unit order: the same everywhere, unlike `localeCompare`. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
function time(value: string): number {
  return Date.parse(value);
}
function instant(value: string | Date): number {
  return typeof value === 'string' ? time(value) : value.getTime();
}
function iso(ms: number): string {
  return new Date(ms).toISOString();
}
function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
