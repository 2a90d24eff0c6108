import { DEFAULT_SCHEMA, PostgresVisitStore } from '@visitkit/server-adapter/postgres';
import type { PortalDatabase } from './database.js';
import { insertVisit, type NewVisit } from './visits.js';

/** Ids of the seeded demo data, for pages, tests and the printed URLs. */
export const DEMO = {
  facility: 'riverside',
  resident: 'james',
  family: ['maria', 'luis'],
  attorney: 'okafor',
  officer: 'reyes',
  visits: {
    socialNow: 'social-now',
    privilegedNow: 'privileged-now',
    later: 'social-later',
    over: 'social-over',
    monitorRequired: 'monitor-required',
  },
} as const;

const MINUTE = 60_000;

/**
 * Seeds (or re-seeds) the demo facility, users and visits. Visit times are relative to `now`, so the
 * "open now" visits are open whenever the portal starts. Visits created by other means are kept; the
 * recorded events (hence ledgers) of the seeded visits are cleared, because they are scheduled anew.
 *
 * @example
 * await seedDemoData(db, new Date());
 */
export async function seedDemoData(db: PortalDatabase, now: Date): Promise<void> {
  const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE);
  const facility = DEMO.facility;
  const visits: NewVisit[] = [
    {
      id: DEMO.visits.socialNow,
      title: 'Family visit with James',
      kind: 'social',
      facilityId: facility,
      startsAt: at(-5),
      endsAt: at(55),
      recorded: true,
      monitored: true,
      participantIds: ['james', 'maria', 'luis'],
    },
    {
      id: DEMO.visits.privilegedNow,
      title: 'Legal visit: Okafor / Carter',
      kind: 'privileged',
      facilityId: facility,
      startsAt: at(-5),
      endsAt: at(55),
      participantIds: ['james', 'okafor'],
    },
    {
      id: DEMO.visits.later,
      title: 'Evening family visit',
      kind: 'social',
      facilityId: facility,
      startsAt: at(180),
      endsAt: at(210),
      recorded: true,
      monitored: true,
      participantIds: ['james', 'maria'],
    },
    {
      id: DEMO.visits.over,
      title: 'Morning family visit',
      kind: 'social',
      facilityId: facility,
      startsAt: at(-180),
      endsAt: at(-150),
      recorded: true,
      monitored: true,
      participantIds: ['james', 'luis'],
    },
    {
      id: DEMO.visits.monitorRequired,
      title: 'Supervised visit (an officer must be present)',
      kind: 'social',
      facilityId: facility,
      startsAt: at(-2),
      endsAt: at(58),
      recorded: true,
      monitored: true,
      requireMonitor: true,
      participantIds: ['james', 'luis'],
    },
  ];
  // The visit events live in the Visitkit store's schema: make sure it exists before clearing them.
  await new PostgresVisitStore({ db: db.client }).migrate();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO facilities (id, name, time_zone) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone`,
      [facility, 'Riverside Correctional Facility', 'America/Chicago'],
    );
    const user = (id: string, name: string, kind: string, lang: string, description: string) =>
      tx.query(
        `INSERT INTO users (id, name, kind, facility_id, lang, description) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, facility_id = excluded.facility_id,
           lang = excluded.lang, description = excluded.description`,
        [id, name, kind, facility, lang, description],
      );
    await user('maria', 'Maria Lopez', 'family', 'en', "James's sister — joins from her phone");
    await user('luis', 'Luis Lopez', 'family', 'es', 'Hermano de James — la página en español');
    await user('james', 'James Carter', 'resident', 'en', 'Resident — uses the facility kiosk');
    await user('okafor', 'Ana Okafor', 'attorney', 'en', "James's attorney — privileged visits");
    await user('reyes', 'Officer Dana Reyes', 'officer', 'en', 'Visitation officer — monitors visits');
    for (const visit of visits) {
      await tx.query(`DELETE FROM "${DEFAULT_SCHEMA}".visit_events WHERE visit_id = $1`, [visit.id]);
      await insertVisit(tx, visit);
    }
  });
}
