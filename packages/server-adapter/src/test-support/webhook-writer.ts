// A child process for the two-writer test: one adapter instance (its own handler and connection pool) that
// delivers the given signed-webhook payloads in its own shuffled order once the parent says "go".
// argv: <database url> <payloads.json> <seed>. Prints READY, then one JSON line { statuses }.
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PostgresVisitStore } from '../postgres/postgres-visit-store.js';
import { NOW, signedWebhook, testHandler } from './fixtures.js';
import { shuffled } from './store-conformance.js';

const [url, file, seed] = process.argv.slice(2) as [string, string, string];
const payloads = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
const pool = new pg.Pool({ connectionString: url, max: 4 });
const { handle } = testHandler({ store: new PostgresVisitStore({ db: pool }), now: () => NOW });
// Signed before the start signal, so both writers spend the race on delivering, not on signing.
const requests = await Promise.all(shuffled(payloads, Number(seed)).map((payload) => signedWebhook(payload)));
console.log('READY');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const statuses: Record<string, number> = {};
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let request = requests.shift(); request; request = requests.shift()) {
      const status = (await handle(request)).status;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
console.log(JSON.stringify({ statuses }));
await pool.end();
