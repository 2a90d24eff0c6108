// bench/leak: 30 VisitClient join/leave cycles in one page (preview → join → remote frame → leave), with a
// peer in the room publishing. Reports heap growth after forced GC (CDP HeapProfiler.collectGarbage +
// Runtime.getHeapUsage) and live tracks / open peer connections after the last leave().
// Targets (docs/architecture.md): heap growth < 2 MB; 0 live tracks and 0 peer connections after leave.
//   npm run build && node bench/leak/run.mjs [cycles]
import { launchChromium } from '../../tests/support/browser.mjs';
import { benchVisit, startBenchServer } from '../join/server.mjs';

const CYCLES = Number(process.argv[2] ?? process.env.BENCH_CYCLES ?? 30);
const TARGET_HEAP_BYTES = 2 * 1024 * 1024;

const server = await startBenchServer({
  name: 'bench-leak',
  pages: ['bench/join/pages/publisher.mjs', 'bench/leak/pages/leak.mjs'],
});
const browser = await launchChromium();
let result;
try {
  const visit = benchVisit(`bench-leak-${Date.now().toString(36)}`);
  const publisherPage = await (await browser.newContext()).newPage();
  await publisherPage.goto(`${server.origin}/publisher.html`);
  await publisherPage.evaluate(
    (url) => window.bench.start(url),
    server.tokenUrl(visit, { identity: 'resident', name: 'Resident', role: 'resident' }),
  );

  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[leak] ${error.message}`));
  await page.goto(`${server.origin}/leak.html`);
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    // Twice: the first pass may only finalize objects whose memory the second one frees.
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(200);
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const cycle = (i) =>
    page.evaluate(
      ([url, id]) => window.bench.cycle(url, id),
      [server.tokenUrl(visit, { identity: `visitor-${i}`, name: 'Visitor', role: 'visitor' }), visit.id],
    );

  // One warm-up cycle: module init, LiveKit's lazily created singletons and JIT code are not leaks.
  const loaded = await heap();
  await cycle('warmup');
  const baseline = await heap();
  const samples = [];
  const started = Date.now();
  for (let i = 0; i < CYCLES; i++) {
    const state = await cycle(i);
    if (state !== 'ended') throw new Error(`cycle ${i} ended in state ${state}`);
    if ((i + 1) % 10 === 0) samples.push({ cycle: i + 1, heap: await heap() });
  }
  const elapsedMs = Date.now() - started;
  // Let LiveKit's deferred clean-up (timers after disconnect) run before the final count.
  await page.waitForTimeout(1000);
  const final = await heap();
  const leftovers = await page.evaluate(() => window.bench.leftovers());
  await publisherPage.evaluate(() => window.bench.stop());
  result = { loaded, baseline, final, samples, leftovers, elapsedMs };
} finally {
  await browser.close();
  await server.close();
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);
const growth = result.final - result.baseline;
console.log(`${CYCLES} join/leave cycles in one page (${(result.elapsedMs / 1000).toFixed(1)} s)`);
console.log(`heap after load             ${mb(result.loaded).padStart(8)} MB`);
console.log(`heap after warm-up cycle    ${mb(result.baseline).padStart(8)} MB`);
for (const s of result.samples)
  console.log(`heap after ${String(s.cycle).padStart(2)} cycles         ${mb(s.heap).padStart(8)} MB`);
console.log(`heap growth over ${CYCLES} cycles  ${mb(growth).padStart(8)} MB (target < 2 MB)`);
console.log(
  `live tracks after leave     ${String(result.leftovers.liveTracks).padStart(8)} (of ${result.leftovers.tracksSeen} seen)`,
);
console.log(
  `open peer connections       ${String(result.leftovers.openPeerConnections).padStart(8)} (of ${result.leftovers.peerConnectionsSeen} seen)`,
);
console.log(`media elements left         ${String(result.leftovers.mediaElements).padStart(8)}`);
const met =
  growth < TARGET_HEAP_BYTES && result.leftovers.liveTracks === 0 && result.leftovers.openPeerConnections === 0;
console.log(
  JSON.stringify({
    bench: 'leak',
    cycles: CYCLES,
    heapGrowthBytes: growth,
    heapBaselineBytes: result.baseline,
    heapFinalBytes: result.final,
    liveTracks: result.leftovers.liveTracks,
    openPeerConnections: result.leftovers.openPeerConnections,
    target: { heapGrowthBytesMax: TARGET_HEAP_BYTES, liveTracks: 0, openPeerConnections: 0 },
    met,
  }),
);
