// Token endpoint benchmark (docs/architecture.md target: ≥ 0.5× a bare node:http JSON endpoint, p99 < 25 ms at 100
// concurrent connections). Starts a real LiveKit, serves both endpoints from a child process, drives each
// over loopback HTTP with 100 keep-alive connections, and prints a table; the last line is one JSON object.
// Needs `npm run build` first (imports the built @visitkit/server-adapter).
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startLiveKit } from '../../scripts/lib/livekit-server.mjs';

const CONCURRENCY = 100;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const WARMUP = 1000;
const TIME_LIMIT_MS = 20_000;
const TARGET = { ratio: 0.5, p99Ms: 25 };

const visit = {
  id: 'bench-visit',
  kind: 'social',
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
};
const callerHeader = (i, role) => JSON.stringify({ identity: `${role}-${i % 1000}`, name: 'Someone', role, visit });

function send(agent, port, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `total` requests over `CONCURRENCY` keep-alive connections (bounded by TIME_LIMIT_MS); latencies in ms. */
async function load(port, path, total, role = 'resident') {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = [];
  const statuses = new Map();
  let next = 0;
  const started = performance.now();
  const deadline = started + TIME_LIMIT_MS;
  const body = '{}';
  async function worker() {
    while (next < total && performance.now() < deadline) {
      const i = next++;
      const headers = {
        'content-type': 'application/json',
        'content-length': '2',
        'x-bench-caller': callerHeader(i, role),
      };
      const t0 = performance.now();
      const status = await send(agent, port, path, headers, body);
      latencies.push(performance.now() - t0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    rps: Math.round(latencies.length / seconds),
    p50Ms: Number(pick(0.5).toFixed(2)),
    p99Ms: Number(pick(0.99).toFixed(2)),
    statuses: Object.fromEntries(statuses),
  };
}

const livekit = await startLiveKit({ name: 'bench-token-endpoint' });
const child = fork(fileURLToPath(new URL('./servers.mjs', import.meta.url)), [], {
  env: {
    ...process.env,
    BENCH_LIVEKIT: JSON.stringify({ url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret }),
  },
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
});
try {
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  const ports = JSON.parse(line);
  const tokenPath = `/api/visitkit/visits/${visit.id}/token`;
  // Warm both (JIT, the room is created once and cached), then measure: bare, token, bare, token; best of two.
  await load(ports.bare, '/json', WARMUP);
  await load(ports.adapter, tokenPath, WARMUP);
  const runs = { bare: [], token: [] };
  for (let round = 0; round < 2; round += 1) {
    runs.bare.push(await load(ports.bare, '/json', REQUESTS));
    runs.token.push(await load(ports.adapter, tokenPath, REQUESTS));
  }
  const best = (list) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
  const bare = best(runs.bare);
  const token = best(runs.token);
  // Informational: a visitor's token also asks LiveKit who is in the room (maxVisitors), on every request.
  const visitorToken = await load(ports.adapter, tokenPath, Math.round(REQUESTS / 3), 'visitor');
  const ratio = Number((token.rps / bare.rps).toFixed(3));
  const rows = [
    ['endpoint', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'statuses'],
    ['bare node:http JSON', bare.requests, bare.rps, bare.p50Ms, bare.p99Ms, JSON.stringify(bare.statuses)],
    ['POST /visits/:id/token', token.requests, token.rps, token.p50Ms, token.p99Ms, JSON.stringify(token.statuses)],
    [
      '  same, visitor (+LiveKit)',
      visitorToken.requests,
      visitorToken.rps,
      visitorToken.p50Ms,
      visitorToken.p99Ms,
      JSON.stringify(visitorToken.statuses),
    ],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  console.log(
    `token-endpoint: ${CONCURRENCY} concurrent keep-alive connections over loopback, best of 2 rounds (resident tokens; the visitor row is informational)`,
  );
  for (const row of rows) console.log(row.map((cell, c) => String(cell).padEnd(widths[c])).join('  '));
  const pass = ratio >= TARGET.ratio && token.p99Ms < TARGET.p99Ms && token.statuses[200] === token.requests;
  console.log(
    `ratio token/bare: ${ratio}× (target ≥ ${TARGET.ratio}×), token p99 ${token.p99Ms} ms (target < ${TARGET.p99Ms} ms): ${pass ? 'PASS' : 'MISS'}`,
  );
  console.log(
    JSON.stringify({
      bench: 'token-endpoint',
      concurrency: CONCURRENCY,
      bare,
      token,
      visitorToken,
      ratio,
      target: TARGET,
      pass,
    }),
  );
} finally {
  child.send('stop');
  await once(child, 'exit').catch(() => undefined);
  await livekit.stop();
}
