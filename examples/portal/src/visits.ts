import type { VisitInput } from '@visitkit/core/protocol';
import type { PortalDatabase } from './database.js';
import type { User } from './users.js';

/** A visit as the portal schedules it: the Visitkit policy plus who is on it. */
export interface ScheduledVisit {
  readonly id: string;
  readonly title: string;
  readonly kind: 'social' | 'privileged';
  readonly facilityId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly lobbyOpensAt: Date | undefined;
  readonly recorded: boolean;
  readonly monitored: boolean;
  readonly requireMonitor: boolean;
  readonly requireConsent: boolean;
  readonly maxVisitors: number;
  readonly warnings: readonly number[];
  /** Ids of the users on the visit (resident, family members or attorney). Officers are never listed. */
  readonly participantIds: readonly string[];
}

/** What `createVisit` needs; omitted flags default to false, `maxVisitors` to 3, `warnings` to [300, 60]. */
export interface NewVisit {
  id: string;
  title: string;
  kind: 'social' | 'privileged';
  facilityId: string;
  startsAt: Date;
  endsAt: Date;
  lobbyOpensAt?: Date;
  recorded?: boolean;
  monitored?: boolean;
  requireMonitor?: boolean;
  requireConsent?: boolean;
  maxVisitors?: number;
  warnings?: readonly number[];
  participantIds: readonly string[];
}

interface VisitRow {
  id: string;
  title: string;
  kind: 'social' | 'privileged';
  facility_id: string;
  starts_at: string;
  ends_at: string;
  lobby_opens_at: string | null;
  recorded: number;
  monitored: number;
  require_monitor: number;
  require_consent: number;
  max_visitors: number;
  warnings: string;
}

function fromRow(db: PortalDatabase, row: VisitRow): ScheduledVisit {
  const participants = db
    .prepare('SELECT user_id FROM visit_participants WHERE visit_id = ? ORDER BY user_id')
    .all(row.id) as { user_id: string }[];
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    facilityId: row.facility_id,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    lobbyOpensAt: row.lobby_opens_at ? new Date(row.lobby_opens_at) : undefined,
    recorded: row.recorded === 1,
    monitored: row.monitored === 1,
    requireMonitor: row.require_monitor === 1,
    requireConsent: row.require_consent === 1,
    maxVisitors: row.max_visitors,
    warnings: JSON.parse(row.warnings) as number[],
    participantIds: participants.map((p) => p.user_id),
  };
}

/**
 * Inserts (or replaces) a visit and its participants in one transaction.
 *
 * @example
 * createVisit(db, { id: 'v1', title: 'Sunday visit', kind: 'social', facilityId: 'f1', startsAt, endsAt, participantIds: ['james', 'maria'] });
 */
export function createVisit(db: PortalDatabase, visit: NewVisit): ScheduledVisit {
  const insert = db.transaction(() => {
    db.prepare('DELETE FROM visits WHERE id = ?').run(visit.id);
    db.prepare(
      `INSERT INTO visits (id, title, kind, facility_id, starts_at, ends_at, lobby_opens_at, recorded, monitored,
         require_monitor, require_consent, max_visitors, warnings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      visit.id,
      visit.title,
      visit.kind,
      visit.facilityId,
      visit.startsAt.toISOString(),
      visit.endsAt.toISOString(),
      visit.lobbyOpensAt?.toISOString() ?? null,
      visit.recorded ? 1 : 0,
      visit.monitored ? 1 : 0,
      visit.requireMonitor ? 1 : 0,
      visit.requireConsent ? 1 : 0,
      visit.maxVisitors ?? 3,
      JSON.stringify(visit.warnings ?? [300, 60]),
    );
    const add = db.prepare('INSERT INTO visit_participants (visit_id, user_id) VALUES (?, ?)');
    for (const userId of visit.participantIds) add.run(visit.id, userId);
  });
  insert();
  const created = findVisit(db, visit.id);
  if (!created) throw new Error(`visit ${visit.id} was not stored`);
  return created;
}

/**
 * Reads one visit.
 *
 * @example
 * const visit = findVisit(db, 'social-now');
 */
export function findVisit(db: PortalDatabase, id: string): ScheduledVisit | undefined {
  const row = db.prepare('SELECT * FROM visits WHERE id = ?').get(id) as VisitRow | undefined;
  return row ? fromRow(db, row) : undefined;
}

/**
 * The visits a user may see: their own, or every visit of the facility for an officer. Ordered by start.
 *
 * @example
 * const mine = visitsFor(db, user);
 */
export function visitsFor(db: PortalDatabase, user: User): ScheduledVisit[] {
  const rows = (
    user.kind === 'officer'
      ? db.prepare('SELECT * FROM visits WHERE facility_id = ? ORDER BY starts_at').all(user.facilityId)
      : db
          .prepare(
            `SELECT v.* FROM visits v JOIN visit_participants p ON p.visit_id = v.id
             WHERE p.user_id = ? ORDER BY v.starts_at`,
          )
          .all(user.id)
  ) as VisitRow[];
  return rows.map((row) => fromRow(db, row));
}

/**
 * The visit policy handed to Visitkit (`authorize` returns it; the adapter validates and normalises it).
 *
 * @example
 * return { identity, name, role, visit: toVisitInput(visit) };
 */
export function toVisitInput(visit: ScheduledVisit): VisitInput {
  return {
    id: visit.id,
    kind: visit.kind,
    startsAt: visit.startsAt,
    endsAt: visit.endsAt,
    ...(visit.lobbyOpensAt ? { lobbyOpensAt: visit.lobbyOpensAt } : {}),
    recorded: visit.recorded,
    monitored: visit.monitored,
    requireMonitor: visit.requireMonitor,
    requireConsent: visit.requireConsent,
    maxVisitors: visit.maxVisitors,
    warnings: [...visit.warnings],
  };
}

/** Where a visit stands at `now`, for the portal's own lists. */
export type VisitPhase = 'upcoming' | 'lobby' | 'open' | 'over';

/**
 * The phase of a visit at `now` (lobby opens 10 minutes before the start unless the visit says otherwise).
 *
 * @example
 * if (visitPhase(visit, new Date()) === 'open') showJoin();
 */
export function visitPhase(visit: ScheduledVisit, now: Date): VisitPhase {
  const lobby = visit.lobbyOpensAt ?? new Date(visit.startsAt.getTime() - 600_000);
  if (now >= visit.endsAt) return 'over';
  if (now >= visit.startsAt) return 'open';
  if (now >= lobby) return 'lobby';
  return 'upcoming';
}
