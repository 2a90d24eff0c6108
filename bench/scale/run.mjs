// bench/scale: how many concurrent 2-party visits a LiveKit cluster and two adapter instances hold on this machine.
// Synthetic participants (@livekit/rtc-node: real WebRTC, generated audio and 160×120 video) get their tokens from
// the real adapter (two instances behind a balancer, shared PostgreSQL store, enforcers on), LiveKit's webhooks feed
// the ledger. For 1 node and for 2 nodes, N doubles (1, 2, 4, …) until a round has an error or the time is up.
// Prints a table; the last line is one JSON object.
//   npm run bench -- scale [maxVisits=16] [holdSeconds=10]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dispose } from '@livekit/rtc-node';
import pg from 'pg';
import { buildLedger } from '@visitkit/server-adapter';
import { PostgresVisitStore } from '@visitkit/server-adapter/postgres';
import { startLiveKitCluster } from '../../scripts/lib/livekit-cluster.mjs';
import { freeTcpPort } from '../../scripts/lib/livekit-server.mjs';
import { startLoadBalancer } from '../../scripts/lib/load-balancer.mjs';
import { startPostgres } from '../../scripts/lib/postgres.mjs';
import { joinSynthetic } from '../../scripts/lib/synthetic-participant.mjs';

const MAX_VISITS = Number(process.argv[2] ?? 16);
const HOLD_S = Number(process.argv[3] ?? 10);
const TIME_LIMIT_MS = 8 * 60_000;
const JOIN_TIMEOUT_MS = 30_000;
const TICKS = 100; // clock ticks per second in /proc/<pid>/stat
const started = Date.now();

/** CPU seconds (user + system) a process has used. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** `promise`, or a rejection naming `what` after `ms`: one stuck join or leave must not hang a whole round. */
const within = (ms, what, promise) => {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
};

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** An adapter instance process on `port`; resolves once it listens. */
function startAdapter(port, livekit, databaseUrl) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./adapter.mjs', import.meta.url))], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, BENCH_LIVEKIT: JSON.stringify(livekit) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolveReady, reject) => {
    child.once('exit', (code) => reject(new Error(`adapter exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'READY') resolveReady({ pid: child.pid, stop: () => child.kill('SIGTERM') });
    });
  });
}

/** One round: `n` visits at once; returns its figures (errors counted, never thrown). */
async function round(n, env) {
  const now = Date.now();
  const errors = [];
  const tokenMs = [];
  const visits = Array.from({ length: n }, (_, i) => ({
    id: `scale-${env.nodes}-${n}-${i}-${now}`,
    kind: /** @type {const} */ ('social'),
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    maxVisitors: 1,
  }));
  const token = async (visit, role, identity) => {
    const t0 = performance.now();
    const response = await fetch(`${env.adapters.url}/api/visitkit/visits/${visit.id}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bench-caller': JSON.stringify({ identity, name: identity, role, visit }),
      },
      body: '{}',
      signal: AbortSignal.timeout(JOIN_TIMEOUT_MS),
    });
    tokenMs.push(performance.now() - t0);
    if (!response.ok) throw new Error(`token ${response.status}`);
    return response.json();
  };
  const parties = await Promise.all(
    visits.map(async (visit) => {
      const people = [];
      try {
        for (const [role, identity] of [
          ['resident', `res-${visit.id}`],
          ['visitor', `fam-${visit.id}`],
        ]) {
          const t = await token(visit, role, identity);
          people.push(
            await within(
              JOIN_TIMEOUT_MS,
              `${identity} joining`,
              joinSynthetic({ url: t.server_url, token: t.participant_token, identity }),
            ),
          );
        }
        // Billing starts when both are connected (the ledger's rule); media must then flow to both.
        const connectedAt = Math.max(...people.map((p) => p.timeline[0]?.at ?? 0));
        await Promise.all(people.map((p) => p.receiving(2, AbortSignal.timeout(JOIN_TIMEOUT_MS))));
        return { visit, people, bothAt: connectedAt };
      } catch (error) {
        errors.push(`${visit.id}: ${error.message}`);
        return { visit, people, bothAt: 0 };
      }
    }),
  );
  const holdFrom = Date.now();
  const cpuHold0 = env.pids.map(cpuSeconds);
  await new Promise((r) => setTimeout(r, HOLD_S * 1000));
  const holdSeconds = (Date.now() - holdFrom) / 1000;
  const cpuHold = env.pids.map((pid, i) => cpuSeconds(pid) - cpuHold0[i]);
  for (const { people } of parties)
    if (people.some((p) => p.subscribed.size < 2)) errors.push('media stopped during the hold');
  const leftAt = Date.now();
  await Promise.all(
    parties.flatMap(({ people }) =>
      people.map((p) => within(JOIN_TIMEOUT_MS, `${p.identity} leaving`, p.leave()).catch(() => {})),
    ),
  );
  // Webhook → ledger lag: from LiveKit's event time to the row's insert time in the shared store.
  const lagMs = [];
  const accuracy = [];
  // One deadline for all the visits' leaves (they were sent together), not 30 s each.
  const deadline = Date.now() + 30_000;
  for (const { visit, bothAt } of parties) {
    if (!bothAt) continue;
    let events = [];
    while (Date.now() < deadline) {
      events = await env.store.list(visit.id);
      if (events.filter((e) => e.type === 'participant-left').length >= 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (events.filter((e) => e.type === 'participant-left').length < 2) {
      errors.push(`${visit.id}: the leaves did not reach the ledger within 30 s`);
      continue;
    }
    const { rows } = await env.pool.query(
      `SELECT extract(epoch FROM stored_at - at) * 1000 AS lag FROM visitkit.visit_events WHERE visit_id = $1 AND id LIKE 'lk_%' AND type IN ('participant-joined', 'participant-left')`,
      [visit.id],
    );
    lagMs.push(...rows.map((r) => Number(r.lag)));
    const ledger = buildLedger(visit.id, events, { visit });
    accuracy.push(Math.abs(ledger.billableSeconds - (leftAt - bothAt) / 1000));
  }
  // CPU per visit, in cores: what the processes used during the hold, divided by the visits held.
  const perVisit = (from, to) => cpuHold.slice(from, to).reduce((sum, seconds) => sum + seconds, 0) / holdSeconds / n;
  const [lkCpu, adapterCpu] = [perVisit(0, env.nodes), perVisit(env.nodes, env.pids.length)];
  return {
    n,
    errors: errors.length,
    firstError: errors[0],
    tokenP50: percentile(tokenMs, 50),
    tokenP99: percentile(tokenMs, 99),
    lagP99: percentile(lagMs, 99),
    ledgerErrorMax: Math.max(0, ...accuracy),
    livekitCpuPerVisit: lkCpu,
    adapterCpuPerVisit: adapterCpu,
  };
}

async function run(nodes, database) {
  const adapterPorts = [await freeTcpPort(), await freeTcpPort()];
  const adapters = await startLoadBalancer({ backends: adapterPorts.map((p) => `http://127.0.0.1:${p}`) });
  const cluster = await startLiveKitCluster({
    nodes,
    name: `bench-scale-${nodes}`,
    webhookUrls: [`${adapters.url}/api/visitkit/livekit/webhook`],
  });
  const livekit = { url: cluster.url, apiKey: cluster.apiKey, apiSecret: cluster.apiSecret };
  const instances = [];
  for (const port of adapterPorts) instances.push(await startAdapter(port, livekit, database.url));
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const env = {
    nodes,
    adapters,
    pool,
    store: new PostgresVisitStore({ db: pool }),
    pids: [...cluster.nodes.map((n) => n.pid), ...instances.map((i) => i.pid)],
  };
  const rounds = [];
  try {
    for (let n = 1; n <= MAX_VISITS && Date.now() - started < TIME_LIMIT_MS; n *= 2) {
      const result = await round(n, env);
      rounds.push(result);
      console.log(
        `${nodes} node(s) | ${String(n).padStart(3)} visits | errors ${result.errors} | token p50 ${result.tokenP50.toFixed(0)} ms p99 ${result.tokenP99.toFixed(0)} ms | ` +
          `webhook→ledger p99 ${result.lagP99.toFixed(0)} ms | ledger ±${result.ledgerErrorMax.toFixed(2)} s | CPU/visit livekit ${(result.livekitCpuPerVisit * 100).toFixed(1)} % adapter ${(result.adapterCpuPerVisit * 100).toFixed(1)} %` +
          (result.firstError ? ` | ${result.firstError}` : ''),
      );
      if (result.errors > 0) break;
    }
  } finally {
    instances.forEach((i) => i.stop());
    await pool.end();
    await cluster.stop();
    await adapters.stop();
  }
  const held = rounds.filter((r) => r.errors === 0).at(-1);
  return { nodes, largestHeld: held?.n ?? 0, rounds };
}

// Each topology runs in its own process: a participant stuck inside the native WebRTC layer (seen past the largest
// N: its joins never answer) must not carry over and fail the other topology's rounds.
if (process.env.BENCH_SCALE_NODES) {
  const database = { url: /** @type {string} */ (process.env.BENCH_SCALE_DB) };
  const result = await run(Number(process.env.BENCH_SCALE_NODES), database);
  console.log(`RESULT ${JSON.stringify(result)}`);
  await Promise.race([dispose(), new Promise((r) => setTimeout(r, 5000))]);
  process.exit(0);
}

/** Runs one topology in a child process; resolves its result (a failed child counts as nothing held). */
function runIsolated(nodes, databaseUrl) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(MAX_VISITS), String(HOLD_S)], {
    env: { ...process.env, BENCH_SCALE_NODES: String(nodes), BENCH_SCALE_DB: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  let result = { nodes, largestHeld: 0, rounds: [] };
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length));
    else console.log(line);
  });
  return new Promise((resolveDone) => child.once('exit', () => resolveDone(result)));
}

const database = await startPostgres({ name: 'bench-scale' });
const results = [];
try {
  for (const nodes of [1, 2]) results.push(await runIsolated(nodes, database.url));
} finally {
  await database.stop();
}
const [one, two] = results;
console.log(
  `\nlargest N held with 0 errors: 1 node ${one.largestHeld}, 2 nodes ${two.largestHeld} (cap ${MAX_VISITS}, hold ${HOLD_S} s)`,
);
// Informational: on one machine both topologies share the same cores, so a second node adds no capacity here.
const ratio = one.largestHeld > 0 ? two.largestHeld / one.largestHeld : 0;
console.log(
  JSON.stringify({
    bench: 'scale',
    maxVisits: MAX_VISITS,
    holdSeconds: HOLD_S,
    oneNode: one,
    twoNodes: two,
    ratio,
  }),
);
process.exit(0);
