import type { PortalDatabase } from './database.js';
import { createVisit, type NewVisit } from './visits.js';

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
 * seedDemoData(db, new Date());
 */
export function seedDemoData(db: PortalDatabase, now: Date): void {
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
  const seed = db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO facilities (id, name, time_zone) VALUES (?, ?, ?)').run(
      facility,
      'Riverside Correctional Facility',
      'America/Chicago',
    );
    const user = db.prepare(
      'INSERT OR REPLACE INTO users (id, name, kind, facility_id, lang, description) VALUES (?, ?, ?, ?, ?, ?)',
    );
    user.run('maria', 'Maria Lopez', 'family', facility, 'en', "James's sister — joins from her phone");
    user.run('luis', 'Luis Lopez', 'family', facility, 'es', 'Hermano de James — la página en español');
    user.run('james', 'James Carter', 'resident', facility, 'en', 'Resident — uses the facility kiosk');
    user.run('okafor', 'Ana Okafor', 'attorney', facility, 'en', "James's attorney — privileged visits");
    user.run('reyes', 'Officer Dana Reyes', 'officer', facility, 'en', 'Visitation officer — monitors visits');
    for (const visit of visits) {
      db.prepare('DELETE FROM visit_events WHERE visit_id = ?').run(visit.id);
      createVisit(db, visit);
    }
  });
  seed();
}
