// One adapter instance of bench/scale, in its own process (so its CPU is measured apart): the real handler and
// enforcer (createVisitkit) on the shared PostgreSQL store. The caller comes in a header — a stand-in for the
// portal's session lookup, for this loopback benchmark only. Prints READY once listening.
import { createServer } from 'node:http';
import pg from 'pg';
import { createVisitkit } from '@visitkit/server-adapter';
import { toNodeListener } from '@visitkit/server-adapter/node';
import { PostgresVisitStore } from '@visitkit/server-adapter/postgres';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => {});
const visitkit = createVisitkit({
  livekit: JSON.parse(process.env.BENCH_LIVEKIT ?? '{}'),
  store: new PostgresVisitStore({ db: pool }),
  authorize: (request) => JSON.parse(request.headers.get('x-bench-caller') ?? 'null'),
  enforcer: { intervalMs: 2000 },
  log: (level, message) => process.stderr.write(`adapter ${level} ${message}\n`),
});
visitkit.start();
const listener = toNodeListener(visitkit.handler);
const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => void listener(req, res));
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('READY\n'));
process.on('SIGTERM', () => {
  void visitkit
    .stop()
    .then(() => pool.end())
    .finally(() => process.exit(0));
});
