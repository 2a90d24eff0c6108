// End to end on the sample portal with DATABASE_URL: the same portal on a real PostgreSQL server instead of
// embedded PGlite. A family member and the resident join a visit, the family member leaves; sessions, the visit
// and its events are rows in that server, and a second portal process on the same database sees the same ledger.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { launchPortal } from '../examples/portal/launch.mjs';
import { freeTcpPort } from '../scripts/lib/livekit-server.mjs';
import { startPostgres } from '../scripts/lib/postgres.mjs';
import { launchChromium } from './support/browser.mjs';
import { eventually, joinFromWidget, openAs, startPortalStack, waitForState } from './support/portal.mjs';

describe('portal on a PostgreSQL server (DATABASE_URL)', () => {
  let database;
  let stack;
  let browser;
  let pool;

  before(async () => {
    database = await startPostgres({ name: 'e2e-portal' });
    pool = new pg.Pool({ connectionString: database.url });
    pool.on('error', () => {}); // an idle connection dropped when the server stops after the tests is not a failure
    stack = await startPortalStack({ name: 'postgres-server', databaseUrl: database.url });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await pool?.end();
    await database?.stop();
  });

  test('a visit joined and left: sessions, visit and ledger live in the server, shared by a second portal', async () => {
    const visit = await stack.createVisit({ endIn: 120_000, participantIds: ['james', 'maria'] });
    const family = await openAs(browser, stack.url, 'maria', `/family/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}`);
    await joinFromWidget(family.page);
    await joinFromWidget(kiosk.page);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');
    await family.context.close(); // maria leaves (closing the tab)

    const ledger = await eventually(async () => {
      const current = await stack.ledger(visit.id);
      const maria = current.participants.find((p) => p.identity === 'maria');
      return maria?.intervals.at(-1)?.leftAt ? current : undefined;
    }, "maria's departure in the ledger");
    assert.deepEqual(ledger.participants.map((p) => p.identity).sort(), ['james', 'maria']);

    const rows = async (sql, params) => (await pool.query(sql, params)).rows;
    assert.equal((await rows('SELECT id FROM visits WHERE id = $1', [visit.id])).length, 1);
    const sessions = await rows("SELECT user_id FROM sessions WHERE user_id IN ('maria', 'james') ORDER BY user_id");
    assert.deepEqual(
      sessions.map((r) => r.user_id),
      ['james', 'maria'],
    );
    const types = (await rows('SELECT type FROM visitkit.visit_events WHERE visit_id = $1', [visit.id])).map(
      (r) => r.type,
    );
    for (const type of ['token-issued', 'room-started', 'participant-joined', 'participant-left'])
      assert.ok(types.includes(type), `${type} in ${types}`);

    // A second portal process on the same database (another instance) computes the same ledger.
    const second = await launchPortal({
      port: await freeTcpPort(),
      livekit: stack.livekit,
      databaseUrl: database.url,
      testApi: true,
      enforcerMs: 3_600_000,
      log: '/dev/null',
    });
    try {
      const fromSecond = await (
        await fetch(`${second.url}/test/visits/${encodeURIComponent(visit.id)}/ledger`, {
          headers: { authorization: `Bearer ${second.testApiToken}` },
        })
      ).json();
      const fromFirst = await stack.ledger(visit.id);
      // `now` differs between the two requests; compare what is settled: who was there and when they left.
      const settled = (l) =>
        l.participants.map((p) => ({ identity: p.identity, joined: p.intervals.map((i) => i.joinedAt) }));
      assert.deepEqual(settled(fromSecond), settled(fromFirst));
    } finally {
      await second.stop();
    }
    await kiosk.context.close();
  });
});
