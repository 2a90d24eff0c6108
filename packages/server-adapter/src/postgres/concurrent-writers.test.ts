// Two processes (two adapter instances, each with its own pool) deliver the same 1,000 LiveKit webhooks in
// different shuffled orders to one real PostgreSQL server at the same time: exactly 1,000 rows, and the
// ledger equals the one a single writer delivering them in order computes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { VisitInputSchema } from '@visitkit/core/protocol';
import { startPostgres } from '../../../../scripts/lib/postgres.mjs';
import { buildLedger } from '../ledger.js';
import { NOW, signedWebhook, testHandler, visit } from '../test-support/fixtures.js';
import { PostgresVisitStore } from './postgres-visit-store.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const EVENTS = 1000;
let database: Awaited<ReturnType<typeof startPostgres>>;
let dir: string;
before(async () => {
  database = await startPostgres({ name: 'two-writers' });
  dir = mkdtempSync(join(tmpdir(), 'vk-two-writers-'));
});
after(async () => {
  await database?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** 1,000 join/leave webhooks of 40 people over the 250 s before NOW (inside the webhook age limit). */
function webhookPayloads(): Record<string, unknown>[] {
  const metadata = JSON.stringify({ visitkit: 1, visit: VisitInputSchema.parse(visit()) });
  return Array.from({ length: EVENTS }, (_, i) => {
    const ms = NOW - 250_000 + i * 250;
    const person = i % 40;
    const joined = Math.floor(i / 40) % 2 === 0;
    return {
      event: joined ? 'participant_joined' : 'participant_left',
      id: `EV_${String(i).padStart(4, '0')}`,
      createdAt: String(Math.floor(ms / 1000)),
      room: { sid: 'RM_1', name: 'vk_room', metadata },
      participant: {
        sid: `PA_${person}_${Math.floor(i / 80)}`,
        identity: person === 0 ? 'res-1' : `visitor-${person}`,
        name: `Person ${person}`,
        joinedAtMs: String(ms),
        ...(joined ? {} : { disconnectReason: 1 }),
        attributes: { 'visitkit.role': person === 0 ? 'resident' : 'visitor', 'visitkit.visit': 'visit-1' },
      },
    };
  });
}

function writer(file: string, seed: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=source',
      join(HERE, '..', 'test-support', 'webhook-writer.ts'),
      database.url,
      file,
      String(seed),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve) => lines.once('line', () => resolve()));
  const result = new Promise<{ statuses: Record<string, number> }>((resolve, reject) => {
    let last = '';
    lines.on('line', (line) => (last = line));
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(last) as { statuses: Record<string, number> })
        : reject(new Error(`writer ${seed} exited with ${code}`)),
    );
  });
  return { child, ready, result };
}

test('two processes appending the same 1,000 webhook events in shuffled orders: 1,000 rows, the single-writer ledger', async () => {
  const payloads = webhookPayloads();
  const file = join(dir, 'payloads.json');
  writeFileSync(file, JSON.stringify(payloads));
  const writers = [writer(file, 11), writer(file, 29)];
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.child.stdin.end('go\n'); // both start delivering together
  const results = await Promise.all(writers.map((w) => w.result));
  for (const { statuses } of results) assert.deepEqual(statuses, { 200: EVENTS });

  const pool = new pg.Pool({ connectionString: database.url });
  // A connection the server closes while the test shuts down ("terminating connection due to administrator
  // command") is not a failure of what is tested; without a listener it would crash the test process.
  pool.on('error', () => {});
  try {
    const { rows } = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM visitkit.visit_events WHERE visit_id = 'visit-1'",
    );
    assert.equal(rows[0]?.n, EVENTS);
    const stored = await new PostgresVisitStore({ db: pool }).list('visit-1');

    // The reference: one instance, a memory store, every webhook once, in order.
    const single = testHandler();
    for (const payload of payloads) assert.equal((await single.handle(await signedWebhook(payload))).status, 200);
    const reference = await single.store.list('visit-1');
    assert.equal(reference.length, EVENTS);
    assert.deepEqual(stored, reference);
    assert.deepEqual(buildLedger('visit-1', stored, { now: NOW }), buildLedger('visit-1', reference, { now: NOW }));
  } finally {
    await pool.end();
  }
});
