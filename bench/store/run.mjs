// Visit store benchmark: append and ledger-read throughput and p99 for MemoryVisitStore, PostgresVisitStore
// on embedded PGlite, and PostgresVisitStore on a real PostgreSQL server (scripts/lib/postgres.mjs), each
// driven with CONCURRENCY operations in flight. Informational (no target is pinned in docs/architecture.md); the last
// line is one JSON object. Needs `npm run build` first (imports the built @visitkit/server-adapter).
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { buildLedger, MemoryVisitStore } from '@visitkit/server-adapter';
import { PostgresVisitStore } from '@visitkit/server-adapter/postgres';
import { startPostgres } from '../../scripts/lib/postgres.mjs';

const VISITS = 50;
const EVENTS_PER_VISIT = Number(process.env.BENCH_EVENTS_PER_VISIT ?? 100);
const LEDGER_READS = Number(process.env.BENCH_LEDGER_READS ?? 1000);
const CONCURRENCY = 16;
const T0 = Date.parse('2030-01-01T10:00:00.000Z');

/** A visit's events: people joining and leaving, one every 10 s, like the webhooks of a busy visit. */
function visitEvents(visit) {
  return Array.from({ length: EVENTS_PER_VISIT }, (_, i) => {
    const participant = { identity: `person-${i % 4}`, sid: `PA_${i}`, role: i % 4 === 0 ? 'resident' : 'visitor' };
    const base = { id: `lk_EV_${visit}_${i}`, visitId: `bench-${visit}`, at: new Date(T0 + i * 10_000).toISOString() };
    return Math.floor(i / 4) % 2 === 0
      ? { ...base, type: 'participant-joined', participant }
      : { ...base, type: 'participant-left', participant, reason: 'CLIENT_INITIATED' };
  });
}

/** Runs `jobs` with CONCURRENCY in flight; returns ops/s and latency percentiles in ms. */
async function measure(jobs) {
  const latencies = [];
  const queue = [...jobs];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const t = performance.now();
        await job();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    ops: latencies.length,
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: round(pct(50)),
    p99Ms: round(pct(99)),
  };
}

const round = (ms) => Math.round(ms * 100) / 100;

async function benchStore(store) {
  // Visits interleaved, as webhooks of concurrent visits arrive.
  const events = [];
  const perVisit = Array.from({ length: VISITS }, (_, v) => visitEvents(v));
  for (let i = 0; i < EVENTS_PER_VISIT; i += 1) for (const visit of perVisit) events.push(visit[i]);
  const append = await measure(events.map((event) => () => store.append(event)));
  const ledger = await measure(
    Array.from({ length: LEDGER_READS }, (_, i) => async () => {
      const visitId = `bench-${i % VISITS}`;
      const ledger = buildLedger(visitId, await store.list(visitId), { now: T0 + 3_600_000 });
      if (ledger.participants.length === 0) throw new Error(`empty ledger for ${visitId}`);
    }),
  );
  return { append, ledger };
}

const results = {};
results.memory = await benchStore(new MemoryVisitStore());
{
  const db = await PGlite.create('memory://');
  const store = new PostgresVisitStore({ db });
  await store.migrate();
  results.pglite = await benchStore(store);
  await db.close();
}
{
  const server = await startPostgres({ name: 'bench-store' });
  const pool = new pg.Pool({ connectionString: server.url, max: CONCURRENCY });
  try {
    const store = new PostgresVisitStore({ db: pool });
    await store.migrate();
    results.postgresql = await benchStore(store);
  } finally {
    await pool.end();
    await server.stop();
  }
}

const rows = Object.entries(results).map(([name, { append, ledger }]) => [
  name.padEnd(11),
  String(append.perSecond).padStart(10),
  String(append.p99Ms).padStart(9),
  String(ledger.perSecond).padStart(12),
  String(ledger.p99Ms).padStart(9),
]);
console.log(
  `store bench: ${VISITS} visits × ${EVENTS_PER_VISIT} events appended, ${LEDGER_READS} ledger reads, ${CONCURRENCY} in flight`,
);
console.log('store       append/s  append p99  ledger reads/s  ledger p99   (ms)');
for (const row of rows) console.log(row.join('  '));
console.log(
  JSON.stringify({
    bench: 'store',
    visits: VISITS,
    eventsPerVisit: EVENTS_PER_VISIT,
    ledgerReads: LEDGER_READS,
    concurrency: CONCURRENCY,
    results,
    target: 'none pinned (informational)',
  }),
);
