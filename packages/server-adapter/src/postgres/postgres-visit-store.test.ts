// PostgresVisitStore on embedded PGlite and on a real PostgreSQL server (scripts/lib/postgres.mjs):
// the store conformance suite, plus what only a database store has — schemas, migrations, failures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { startPostgres } from '../../../../scripts/lib/postgres.mjs';
import { VisitStoreError } from '../visit-store-error.js';
import { freshVisit, sampleEvents, visitStoreConformance } from '../test-support/store-conformance.js';
import type { VisitEvent } from '../visit-events.js';
import { PostgresVisitStore } from './postgres-visit-store.js';
import { SCHEMA_VERSION } from './schema.js';
import type { SqlClient } from './sql-client.js';

type Server = Awaited<ReturnType<typeof startPostgres>>;

visitStoreConformance('PostgresVisitStore on PGlite', async () => {
  const db = new PGlite();
  return {
    first: new PostgresVisitStore({ db }),
    second: new PostgresVisitStore({ db }),
    close: () => db.close(),
  };
});

let server: Server;
const pools: pg.Pool[] = [];
const pool = () => {
  const created = new pg.Pool({ connectionString: server.url, max: 4 });
  created.on('error', () => {}); // idle clients dropped by a stopped server must not crash the test process
  pools.push(created);
  return created;
};
before(async () => {
  server = await startPostgres({ name: 'store' });
});
after(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await server?.stop();
});

// Two pools: two adapter instances with their own connections to one server.
visitStoreConformance('PostgresVisitStore on a PostgreSQL server', async () => ({
  first: new PostgresVisitStore({ db: pool(), schema: 'conformance' }),
  second: new PostgresVisitStore({ db: pool(), schema: 'conformance' }),
  close: async () => {},
}));

describe('PostgresVisitStore on a PostgreSQL server', () => {
  test('eight instances migrating at once create one schema at the newest version', async () => {
    const stores = Array.from({ length: 8 }, () => new PostgresVisitStore({ db: pool(), schema: 'race_migrate' }));
    await Promise.all(stores.map((store) => store.migrate()));
    const { rows } = await pool().query('SELECT version FROM race_migrate.schema_version ORDER BY version');
    assert.deepEqual(
      rows.map((row: { version: number }) => row.version),
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  test('reading a visit is one indexed query', async () => {
    const store = new PostgresVisitStore({ db: pool(), schema: 'plan' });
    const visitId = freshVisit('plan');
    for (const event of sampleEvents(visitId, 20)) await store.append(event);
    const db = pool();
    await db.query('ANALYZE plan.visit_events');
    const client = await db.connect();
    try {
      await client.query('SET enable_seqscan = off'); // a tiny table would be scanned anyway; ask for the plan
      const { rows } = await client.query(
        `EXPLAIN SELECT body FROM plan.visit_events WHERE visit_id = $1 ORDER BY at, id COLLATE "C"`,
        [visitId],
      );
      const plan = rows.map((row: Record<string, string>) => Object.values(row)[0]).join('\n');
      assert.match(plan, /Index Scan using visit_events_by_visit/, plan);
      assert.doesNotMatch(plan, /Sort/, `no sort step needed:\n${plan}`);
    } finally {
      client.release();
    }
  });

  test('schemas keep portals apart, and only plain identifiers are accepted', async () => {
    const a = new PostgresVisitStore({ db: pool(), schema: 'portal_a' });
    const b = new PostgresVisitStore({ db: pool(), schema: 'portal_b' });
    const visitId = freshVisit('schemas');
    await a.append(sampleEvents(visitId, 1)[0] as VisitEvent);
    assert.equal((await a.list(visitId)).length, 1);
    assert.equal((await b.list(visitId)).length, 0);
    for (const schema of ['Portal', 'a-b', 'x"; DROP TABLE y; --', '1abc', '', 'a'.repeat(64)]) {
      assert.throws(() => new PostgresVisitStore({ db: pool(), schema }), TypeError, schema);
    }
  });

  test('an unreachable server rejects with VisitStoreError, and the store works again once it is back', async () => {
    const db = pool();
    const store = new PostgresVisitStore({ db, schema: 'outage' });
    const visitId = freshVisit('outage');
    const [first, second] = sampleEvents(visitId, 2) as [VisitEvent, VisitEvent];
    await store.append(first);
    await server.halt();
    try {
      const error = await store.append(second).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof VisitStoreError, `got ${String(error)}`);
      assert.equal(error.kind, 'unavailable');
      await assert.rejects(store.list(visitId), VisitStoreError);
      await assert.rejects(store.termination(visitId), VisitStoreError);
    } finally {
      await server.resume();
    }
    await store.append(second);
    assert.deepEqual(await store.list(visitId), [first, second]);
  });
});

describe('PostgresVisitStore with any driver', () => {
  test('a query that does not answer in time fails with VisitStoreError', async () => {
    const hanging: SqlClient = { query: () => new Promise(() => {}) };
    const store = new PostgresVisitStore({ db: hanging, timeoutMs: 50 });
    const error = await store.list('v').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof VisitStoreError);
    assert.match(error.message, /did not answer within 50 ms/);
  });

  test('a failed migration is tried again on the next call', async () => {
    let calls = 0;
    const flaky: SqlClient = {
      query: async () => {
        calls += 1;
        if (calls === 1) throw new Error('connection refused');
        return { rows: [] };
      },
    };
    const store = new PostgresVisitStore({ db: flaky });
    await assert.rejects(store.list('v'), VisitStoreError);
    assert.deepEqual(await store.list('v'), []);
    assert.equal(calls, 3, 'migration failed, migration again, then the read');
  });

  test('a stored row that is not an event is refused, not passed on', async () => {
    const db: SqlClient = {
      query: async (text) => ({ rows: text.startsWith('SELECT') ? [{ body: '"not an event"' }] : [] }),
    };
    const error = await new PostgresVisitStore({ db }).list('v').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof VisitStoreError);
    assert.equal(error.kind, 'corrupt');
  });

  test('bad options are refused up front', () => {
    assert.throws(() => new PostgresVisitStore({ db: {} as SqlClient }), TypeError);
    assert.throws(
      () => new PostgresVisitStore({ db: { query: async () => ({ rows: [] }) }, timeoutMs: -1 }),
      TypeError,
    );
  });
});
