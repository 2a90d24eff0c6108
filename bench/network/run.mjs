// bench/network: the drop-in <vk-visit> widget vs a raw livekit-client page (same media settings) on shaped links.
// For each profile (tests/support/shaped-link.mjs), the family's browser sits behind the shaped link while the
// facility's side (a publisher page already in the visit) is on an unshaped one, and for each page:
//   - Join → first remote audio and → first remote video frame (medians over `runs`),
//   - a `seconds`-long visit: percent of time remote audio flows, remote video fps and frame size,
//   - a 5 s outage of the family's link: time from the link's return until audio, then video, flow again.
// Targets (docs/architecture.md): join ≤ 0.75× the raw page on 4g; audio flowing ≥ 99 % on 3g, ≥ 95 % on edge.
//   npm run build && node bench/network/run.mjs [runs=3] [seconds=60] [--profiles 4g,3g,edge]
import { parseArgs } from 'node:util';
import { joinBenchWidget } from '../../tests/support/bench-widget.mjs';
import { launchChromium } from '../../tests/support/browser.mjs';
import { PROFILES } from '../../tests/support/shaped-link.mjs';
import {
  installStatsProbe,
  readReceived,
  sampleReceived,
  timeToFirstReceived,
} from '../../tests/support/webrtc-stats.mjs';
import { benchVisit, median, startBenchServer } from '../join/server.mjs';

const { values: flags, positionals } = parseArgs({ allowPositionals: true, options: { profiles: { type: 'string' } } });
const RUNS = Number(positionals[0] ?? process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(positionals[1] ?? process.env.BENCH_SECONDS ?? 60);
const NAMES = (flags.profiles ?? '4g,3g,edge').split(',');
const OUTAGE_MS = 5000;
const WAIT_MS = 60_000;
const KINDS = /** @type {const} */ (['widget', 'raw']);

/** @param {import('playwright-core').Page} page @param {'widget' | 'raw'} kind @param {string} tokenUrl @param {string} visitId */
async function join(page, kind, tokenUrl, visitId) {
  if (kind === 'widget') {
    await joinBenchWidget(page, tokenUrl, visitId, WAIT_MS, { settle: true });
  } else {
    // Camera and microphone before Join on both pages: the widget's pre-join screen, the raw page's `prepare`.
    await page.evaluate(() => window.bench.prepare());
    await page.evaluate(() => (window.__joinMark = performance.now()));
    // Not awaited: first media is what is timed. On a slow link the page may still be publishing when the run
    // leaves, and livekit-client then rejects the join ("Cancelled publication"): that is not a failure here.
    page
      .evaluate((url) => window.bench.join(url), tokenUrl)
      .catch((error) => {
        if (process.env.BENCH_VERBOSE) console.error(`[raw] join ended: ${error.message}`);
      });
  }
  return page.evaluate(timeToFirstReceived, { timeoutMs: WAIT_MS });
}

/** Waits until real audio samples, then video frames, arrive again; ms from `since` (performance.now() in the page). */
async function recovery(page) {
  return page.evaluate(async (timeoutMs) => {
    const read = window.__readReceived;
    const start = await read();
    const since = performance.now();
    const result = {};
    while (performance.now() - since < timeoutMs && (result.audioMs === undefined || result.videoMs === undefined)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const now = await read();
      if (result.audioMs === undefined && now.audioSamples > start.audioSamples)
        result.audioMs = performance.now() - since;
      if (result.videoMs === undefined && now.videoFrames > start.videoFrames)
        result.videoMs = performance.now() - since;
    }
    return result;
  }, WAIT_MS);
}

const table = [];
for (const name of NAMES) {
  const profile = PROFILES[/** @type {keyof typeof PROFILES} */ (name)];
  if (!profile) throw new Error(`bench/network: unknown profile ${name}`);
  const server = await startBenchServer({
    name: `bench-network-${name}`,
    pages: ['bench/join/pages/publisher.mjs', 'bench/cpu/pages/raw.mjs', 'bench/cpu/pages/widget.mjs'],
    profile,
  });
  const link = /** @type {import('../../tests/support/shaped-link.mjs').ShapedLink} */ (server.link);
  const browser = await launchChromium();
  const results = {
    widget: { joins: [], visit: undefined, recovery: undefined },
    raw: { joins: [], visit: undefined, recovery: undefined },
  };
  try {
    const visit = benchVisit(`bench-network-${name}-${Date.now().toString(36)}`);
    // The facility's side: not shaped.
    link.startGroup('facility');
    link.setProfile(PROFILES.loopback, 'facility');
    const publisher = await (await browser.newContext()).newPage();
    await publisher.goto(`${server.origin}/publisher.html`);
    await publisher.evaluate(
      (url) => window.bench.start(url),
      server.tokenUrl(visit, { identity: 'resident', name: 'Resident', role: 'resident' }),
    );
    link.startGroup('family');

    const open = async (kind, label) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await installStatsProbe(page);
      page.on('pageerror', (error) => console.error(`[${kind}] ${error.message}`));
      if (process.env.BENCH_VERBOSE) {
        page.on('console', (message) => {
          if (message.type() === 'warning' || message.type() === 'error') console.error(`[${kind}] ${message.text()}`);
        });
      }
      await page.goto(`${server.origin}/${kind}.html`, { timeout: WAIT_MS });
      const tokenUrl = server.tokenUrl(visit, {
        identity: `visitor-${kind}-${label}`,
        name: 'Visitor',
        role: 'visitor',
      });
      const first = await join(page, kind, tokenUrl, visit.id);
      return { context, page, first };
    };

    for (let i = 0; i < RUNS; i++) {
      for (const kind of i % 2 === 0 ? KINDS : [...KINDS].reverse()) {
        const { context, page, first } = await open(kind, i);
        results[kind].joins.push(first);
        console.log(
          `  ${name} join ${i + 1} ${kind.padEnd(6)} audio ${first.audioMs?.toFixed(0) ?? '-'} ms · video ${first.videoMs?.toFixed(0) ?? '-'} ms`,
        );
        if (i === RUNS - 1) {
          results[kind].visit = await page.evaluate(sampleReceived, { seconds: SECONDS, everyMs: 250 });
          const rtt = (await page.evaluate(readReceived)).rtt;
          console.log(`  ${name} ${SECONDS}s ${kind.padEnd(6)} ${JSON.stringify(results[kind].visit)} rtt ${rtt}`);
          link.setOutage(true, 'family');
          await page.waitForTimeout(OUTAGE_MS);
          const back = recovery(page);
          link.setOutage(false, 'family');
          results[kind].recovery = await back;
          console.log(
            `  ${name} after ${OUTAGE_MS / 1000}s outage ${kind.padEnd(6)} ${JSON.stringify(results[kind].recovery)}`,
          );
        }
        await page.evaluate(() => window.bench.leave()).catch(() => {});
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const med = (kind, key) => median(results[kind].joins.map((j) => j[key]).filter((v) => typeof v === 'number'));
  for (const kind of KINDS) {
    table.push({
      profile: name,
      page: kind,
      joinAudioMs: Math.round(med(kind, 'audioMs')),
      joinVideoMs: Math.round(med(kind, 'videoMs')),
      audioFlowingPercent: Number(results[kind].visit?.audioFlowingPercent.toFixed(1)),
      videoFps: Number(results[kind].visit?.videoFps.toFixed(1)),
      resolution: results[kind].visit?.resolution,
      recoverAudioMs: Math.round(results[kind].recovery?.audioMs ?? NaN),
      recoverVideoMs: Math.round(results[kind].recovery?.videoMs ?? NaN),
    });
  }
}

const pad = (value, width) => String(value).padStart(width);
console.log(`\nshaped links, ${RUNS} joins per page, one ${SECONDS}s visit and one ${OUTAGE_MS / 1000}s outage each`);
console.log(
  `${'profile'.padEnd(8)} ${'page'.padEnd(7)}${pad('join→audio', 11)}${pad('join→video', 11)}${pad('ratio', 7)}${pad('audio %', 9)}${pad('fps', 6)}${pad('size', 10)}${pad('recover a', 11)}${pad('recover v', 11)}`,
);
const summary = {};
for (const row of table) {
  const raw = table.find((r) => r.profile === row.profile && r.page === 'raw');
  const ratio = row.page === 'widget' && raw ? row.joinVideoMs / raw.joinVideoMs : undefined;
  console.log(
    `${row.profile.padEnd(8)} ${row.page.padEnd(7)}${pad(row.joinAudioMs, 11)}${pad(row.joinVideoMs, 11)}${pad(ratio ? ratio.toFixed(2) : '', 7)}${pad(row.audioFlowingPercent, 9)}${pad(row.videoFps, 6)}${pad(row.resolution, 10)}${pad(row.recoverAudioMs, 11)}${pad(row.recoverVideoMs, 11)}`,
  );
  summary[`${row.profile}.${row.page}`] = { ...row, ...(ratio ? { joinVideoRatio: Number(ratio.toFixed(3)) } : {}) };
}
const widget = (profileName) => summary[`${profileName}.widget`];
const met = {
  join4g: widget('4g') ? widget('4g').joinVideoRatio <= 0.75 : undefined,
  audio3g: widget('3g') ? widget('3g').audioFlowingPercent >= 99 : undefined,
  audioEdge: widget('edge') ? widget('edge').audioFlowingPercent >= 95 : undefined,
};
/** @param {boolean | undefined} ok */
const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'MET' : 'NOT MET');
console.log(
  `targets: join on 4g ≤ 0.75× raw ${verdict(met.join4g)} · audio on 3g ≥ 99 % ${verdict(met.audio3g)} · audio on edge ≥ 95 % ${verdict(met.audioEdge)}`,
);
console.log(
  JSON.stringify({
    bench: 'network',
    runs: RUNS,
    seconds: SECONDS,
    results: summary,
    target: { join4gRatioMax: 0.75, audio3gMin: 99, audioEdgeMin: 95 },
    met,
  }),
);
