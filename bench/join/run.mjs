// bench/join: click "Join" → first decoded remote video frame (requestVideoFrameCallback), VisitClient vs
// a raw livekit-client page that does token → connect → publish one after another. Same LiveKit server,
// same run, interleaved, one peer already in the room publishing. Target (docs/architecture.md): ratio ≤ 0.85 on
// loopback, ≤ 0.75 on the shaped `4g` link.
//   npm run build && node bench/join/run.mjs [runs] [--profile 4g|3g|edge]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../tests/support/browser.mjs';
import { PROFILES } from '../../tests/support/shaped-link.mjs';
import { adapterMarks, benchVisit, median, OPEN_TOKEN_PATH, startBenchServer } from './server.mjs';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { profile: { type: 'string' } },
});
const RUNS = Number(positionals[0] ?? process.env.BENCH_RUNS ?? 12);
const profileName = flags.profile ?? process.env.BENCH_PROFILE ?? 'loopback';
const profile = PROFILES[/** @type {keyof typeof PROFILES} */ (profileName)];
if (!profile) throw new Error(`bench/join: unknown profile ${profileName}; one of ${Object.keys(PROFILES).join(', ')}`);
const TARGET = profileName === 'loopback' ? 0.85 : 0.75;

const server = await startBenchServer({
  name: 'bench-join',
  ...(profileName === 'loopback' ? {} : { profile }),
  pages: ['bench/join/pages/publisher.mjs', 'bench/join/pages/raw.mjs', 'bench/join/pages/visitkit.mjs'],
});
const browser = await launchChromium();
/**
 * `raw`: the baseline, the raw page on the adapter's tokens (no `canSubscribe`: granted by the adapter on LiveKit's
 * join webhook). `open`: a reference, the same raw page on a token carrying `canSubscribe` (LiveKit's default, which
 * Visitkit never issues; server.mjs `openToken`) — nothing to grant at all.
 */
const KINDS = ['visitkit', 'raw', 'open'];
/** @type {Record<string, number[]>} */
const results = Object.fromEntries(KINDS.map((kind) => [kind, []]));
/** Per run: ms from Join to token / connected / remote video subscribed / own tracks published / first frame. */
/** @type {Record<string, Record<string, number>[]>} */
const phases = Object.fromEntries(KINDS.map((kind) => [kind, []]));
try {
  const visit = benchVisit(`bench-join-${Date.now().toString(36)}`);
  const publisherPage = await (await browser.newContext()).newPage();
  await publisherPage.goto(`${server.origin}/publisher.html`);
  await publisherPage.evaluate(
    (url) => window.bench.start(url),
    server.tokenUrl(visit, { identity: 'resident', name: 'Resident', role: 'resident' }),
  );

  const once = async (kind, index) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[${kind}] ${error.message}`));
    await page.goto(`${server.origin}/${kind === 'open' ? 'raw' : kind}.html`);
    const identity = `visitor-${kind}-${index}`;
    const tokenUrl = server.tokenUrl(visit, { identity, name: 'Visitor', role: 'visitor' });
    await page.evaluate(([url, id]) => window.bench.prepare(url, id), [tokenUrl, visit.id]);
    // Let the page settle (preview running, connection warmed) the way a person reads the prejoin screen.
    await page.waitForTimeout(500);
    const [url, body] =
      kind === 'open' ? [OPEN_TOKEN_PATH, JSON.stringify({ visitId: visit.id, identity })] : [tokenUrl, '{}'];
    const marks = await page.evaluate(([u, b]) => window.bench.join(u, b), [url, body]);
    await page.evaluate(() => window.bench.leave());
    await context.close();
    return { ...marks, ...adapterMarks(server.trace, identity, marks.t0Wall) };
  };

  await once('raw', 'warmup');
  await once('visitkit', 'warmup');
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so drift (CPU load from others, JIT, server caches) hits both sides alike.
    const order = i % 2 === 0 ? KINDS : [...KINDS].reverse();
    for (const kind of order) {
      const marks = await once(kind, i);
      results[kind].push(marks.frame);
      phases[kind].push(marks);
    }
  }
  await publisherPage.evaluate(() => window.bench.stop());
} finally {
  // BENCH_TRACE=file: every run's marks and the adapter's whole trace (webhooks, operations, LiveKit API calls).
  if (process.env.BENCH_TRACE) {
    writeFileSync(process.env.BENCH_TRACE, JSON.stringify({ phases, trace: server.trace }, null, 1));
  }
  await browser.close();
  await server.close();
}

const row = (name, values) =>
  `${name.padEnd(22)} ${median(values).toFixed(0).padStart(8)} ${Math.min(...values)
    .toFixed(0)
    .padStart(8)} ${Math.max(...values)
    .toFixed(0)
    .padStart(8)}   ${values.map((v) => v.toFixed(0)).join(' ')}`;
const ratio = median(results.visitkit) / median(results.raw);
const openRatio = median(results.visitkit) / median(results.open);
console.log(`join → first remote frame (ms), ${RUNS} runs each, interleaved, link: ${profileName}`);
console.log(`${'page'.padEnd(22)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}   runs`);
const LABELS = /** @type {[string, string][]} */ ([
  ['VisitClient', 'visitkit'],
  ['raw livekit-client', 'raw'],
  ['raw, open token', 'open'],
]).filter(([, kind]) => KINDS.includes(kind));
for (const [label, kind] of LABELS) console.log(row(label, results[kind]));
for (const list of Object.values(phases)) for (const m of list) m['sub→frame'] = m.frame - m.subscribed;
const phaseNames = [
  'token',
  'connected',
  'lkJoined',
  'joinedIn',
  'hookIn',
  'grantSent',
  'grantDone',
  'hookOut',
  'granted',
  'subscribed',
  'published',
  'frame',
  'sub→frame',
];
console.log(`\nmedian ms from Join to each step (token: VisitClient fetched it before Join; lkJoined: LiveKit's join`);
console.log(`time; joinedIn: VisitClient's joined report at the adapter; hookIn/hookOut: LiveKit's participant_joined`);
console.log(
  `webhook at the adapter; grantSent/grantDone: the adapter's UpdateParticipant(canSubscribe); granted: the raw`,
);
console.log(`page saw its permission change; the open-token page needs no grant)`);
console.log(`${'page'.padEnd(22)} ${phaseNames.map((n) => n.padStart(11)).join('')}`);
for (const [name, kind] of LABELS) {
  const cells = phaseNames.map((n) => {
    const values = phases[kind].map((m) => m[n]).filter((v) => typeof v === 'number');
    return (values.length ? median(values).toFixed(0) : '-').padStart(11);
  });
  console.log(`${name.padEnd(22)} ${cells.join('')}`);
}
console.log(`ratio ${ratio.toFixed(3)} (target ≤ ${TARGET}) ${ratio <= TARGET ? 'MET' : 'NOT MET'}`);
console.log(
  `against the open-token reference: ${openRatio.toFixed(3)} (no target: Visitkit never issues such a token)`,
);
console.log(
  JSON.stringify({
    bench: 'join',
    profile: profileName,
    runs: RUNS,
    visitkitMedianMs: Math.round(median(results.visitkit)),
    rawMedianMs: Math.round(median(results.raw)),
    ratio: Number(ratio.toFixed(3)),
    target: { ratioMax: TARGET },
    met: ratio <= TARGET,
    openTokenMedianMs: Math.round(median(results.open)),
    openTokenRatio: Number(openRatio.toFixed(3)),
  }),
);
