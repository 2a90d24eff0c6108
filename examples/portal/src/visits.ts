import type { VisitInput } from '@visitkit/core/protocol';
import type { PortalDatabase, Queryable } from './database.js';
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
  starts_at: Date | string;
  ends_at: Date | string;
  lobby_opens_at: Date | string | null;
  recorded: boolean;
  monitored: boolean;
  require_monitor: boolean;
  require_consent: boolean;
  max_visitors: number;
  warnings: number[] | string;
  participant_ids: string[] | null;
}

// One query per read: the visit row with its participants aggregated (ordered, like the old per-visit query).
const SELECT_VISITS = `
  SELECT v.*, (SELECT array_agg(p.user_id ORDER BY p.user_id COLLATE "C") FROM visit_participants p WHERE p.visit_id = v.id)
    AS participant_ids
  FROM visits v`;

function fromRow(row: VisitRow): ScheduledVisit {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    facilityId: row.facility_id,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    lobbyOpensAt: row.lobby_opens_at ? new Date(row.lobby_opens_at) : undefined,
    recorded: row.recorded,
    monitored: row.monitored,
    requireMonitor: row.require_monitor,
    requireConsent: row.require_consent,
    maxVisitors: row.max_visitors,
    // jsonb arrives parsed from pg and PGlite; a driver that gives text is handled too.
    warnings: typeof row.warnings === 'string' ? (JSON.parse(row.warnings) as number[]) : row.warnings,
    participantIds: row.participant_ids ?? [],
  };
}

/**
 * Inserts (or replaces) a visit and its participants in one transaction.
 *
 * @example
 * await createVisit(db, { id: 'v1', title: 'Sunday visit', kind: 'social', facilityId: 'f1', startsAt, endsAt, participantIds: ['james', 'maria'] });
 */
export async function createVisit(db: PortalDatabase, visit: NewVisit): Promise<ScheduledVisit> {
  await db.transaction((tx) => insertVisit(tx, visit));
  const created = await findVisit(db, visit.id);
  if (!created) throw new Error(`visit ${visit.id} was not stored`);
  return created;
}

/** The statements of {@link createVisit}, inside a caller's transaction (the seed's). */
export async function insertVisit(tx: Queryable, visit: NewVisit): Promise<void> {
  await tx.query('DELETE FROM visits WHERE id = $1', [visit.id]);
  await tx.query(
    `INSERT INTO visits (id, title, kind, facility_id, starts_at, ends_at, lobby_opens_at, recorded, monitored,
       require_monitor, require_consent, max_visitors, warnings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)`,
    [
      visit.id,
      visit.title,
      visit.kind,
      visit.facilityId,
      visit.startsAt.toISOString(),
      visit.endsAt.toISOString(),
      visit.lobbyOpensAt?.toISOString() ?? null,
      visit.recorded ?? false,
      visit.monitored ?? false,
      visit.requireMonitor ?? false,
      visit.requireConsent ?? false,
      visit.maxVisitors ?? 3,
      JSON.stringify(visit.warnings ?? [300, 60]),
    ],
  );
  for (const userId of visit.participantIds) {
    await tx.query('INSERT INTO visit_participants (visit_id, user_id) VALUES ($1, $2)', [visit.id, userId]);
  }
}

/**
 * Reads one visit.
 *
 * @example
 * const visit = await findVisit(db, 'social-now');
 */
export async function findVisit(db: Queryable, id: string): Promise<ScheduledVisit | undefined> {
  const { rows } = await db.query<VisitRow>(`${SELECT_VISITS} WHERE v.id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/**
 * The visits a user may see: their own, or every visit of the facility for an officer. Ordered by start.
 *
 * @example
 * const mine = await visitsFor(db, user);
 */
export async function visitsFor(db: Queryable, user: User): Promise<ScheduledVisit[]> {
  const { rows } =
    user.kind === 'officer'
      ? await db.query<VisitRow>(`${SELECT_VISITS} WHERE v.facility_id = $1 ORDER BY v.starts_at, v.id`, [
          user.facilityId,
        ])
      : await db.query<VisitRow>(
          `${SELECT_VISITS} WHERE EXISTS (SELECT 1 FROM visit_participants p WHERE p.visit_id = v.id AND p.user_id = $1)
           ORDER BY v.starts_at, v.id`,
          [user.id],
        );
  return rows.map(fromRow);
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
