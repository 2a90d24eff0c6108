// `npm run bench -- size`: min+gzip size of Visitkit's own code and of the single-file CDN bundle, against
// livekit-client + lit alone (docs/architecture.md targets: core ≤ 8 KB, elements ≤ 20 KB, CDN ≤ livekit-client + lit + 30 KB).
// Every figure is measured the same way as the shipped CDN file: rollup + node-resolve + terser, then gzip -9.
// Needs `npm run build` first (it reads the packages' dist/).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import terser from '@rollup/plugin-terser';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { cdnPlugins, ELEMENTS, entryChunk, withoutE2ee } from './first-load.mjs';

const KB = 1024;
const CORE = join(ROOT, 'packages/core/dist/index.js');
const CDN = join(ROOT, 'packages/elements/dist/cdn/visitkit.js');
const CDN_DIR = join(ROOT, 'packages/elements/dist/cdn');

for (const file of [CORE, ELEMENTS, CDN]) {
  if (!existsSync(file)) {
    console.error(`missing ${file}: run \`npm run build\` first`);
    process.exit(1);
  }
}

/** Bare specifiers matching one of `prefixes` (exactly or as a subpath) stay out of the bundle. */
const externalTo = (prefixes) => (id) => prefixes.some((p) => id === p || id.startsWith(`${p}/`));

/**
 * Minified bytes of `input` bundled with everything but `external`. `firstLoad`: like the CDN build, dynamic
 * imports become chunks of their own and only the entry chunk (what a page loads first) is counted.
 */
async function minified(input, external = () => false, { firstLoad = false, plugins = [] } = {}) {
  const entry = await entryChunk(input, {
    external,
    firstLoad,
    plugins: [...plugins, ...cdnPlugins(), terser({ format: { comments: false } })],
  });
  return Buffer.from(entry.code);
}

const sizes = (bytes) => ({ min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });

{
  const baselineEntry = join(ROOT, 'bench/size/baseline.mjs');
  const LIT = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'];

  const rows = {
    'core (own code, without zod)': sizes(await minified(CORE, externalTo(['livekit-client', 'zod']))),
    'core, VisitClient only (without zod)': sizes(
      await minified(join(ROOT, 'bench/size/visit-client-only.mjs'), externalTo(['livekit-client', 'zod'])),
    ),
    'core (own code + zod)': sizes(await minified(CORE, externalTo(['livekit-client']))),
    'elements (own code + @lit/context)': sizes(
      await minified(ELEMENTS, externalTo([...LIT, 'livekit-client', '@visitkit/core', 'zod'])),
    ),
    'CDN visitkit.js (shipped file)': sizes(readFileSync(CDN)),
    'CDN first load, rebuilt': sizes(await minified(ELEMENTS, () => false, { firstLoad: true })),
    'CDN first load without E2EE': sizes(
      await minified(ELEMENTS, () => false, { firstLoad: true, plugins: [withoutE2ee] }),
    ),
    // Fetched only when a privileged visit starts (import() and new Worker); a social visit loads visitkit.js alone.
    'CDN + privileged: encryption chunk': sizes(
      Buffer.concat(
        readdirSync(CDN_DIR)
          .filter((f) => /^visitkit-.+\.js$/.test(f))
          .map((f) => readFileSync(join(CDN_DIR, f))),
      ),
    ),
    'CDN + privileged: e2ee-worker.js': sizes(readFileSync(join(CDN_DIR, 'e2ee-worker.js'))),
    'livekit-client + lit alone': sizes(await minified(baselineEntry, () => false)),
  };

  const core = rows['core (own code, without zod)'].gzip;
  const elements = rows['elements (own code + @lit/context)'].gzip;
  const cdn = rows['CDN visitkit.js (shipped file)'].gzip;
  const baseline = rows['livekit-client + lit alone'].gzip;
  const firstLoadE2eeCost = rows['CDN first load, rebuilt'].gzip - rows['CDN first load without E2EE'].gzip;
  const privilegedExtra =
    rows['CDN + privileged: encryption chunk'].gzip + rows['CDN + privileged: e2ee-worker.js'].gzip;
  // The first load must not start the worker: Visitkit's encryption code (which names the worker file) is in the
  // chunk behind import(), which imports from the first load only what livekit-client's Room holds anyway
  // (firstLoadE2eeGzip: the names it imports by; tests/cdn-first-load.test.mjs checks that no code comes with them).
  const lazy =
    !readFileSync(CDN, 'utf8').includes('e2ee-worker.js') && rows['CDN + privileged: encryption chunk'].gzip > 0;
  const targets = {
    coreGzipMax: 8 * KB,
    elementsGzipMax: 20 * KB,
    cdnOverBaselineGzipMax: 30 * KB,
  };
  const pass = {
    core: core <= targets.coreGzipMax,
    elements: elements <= targets.elementsGzipMax,
    cdn: cdn - baseline <= targets.cdnOverBaselineGzipMax,
  };

  const pad = (s, n) => String(s).padEnd(n);
  const kb = (n) => `${(n / KB).toFixed(1)} KB`;
  console.log(`${pad('bundle', 40)}${pad('min', 12)}${pad('min+gzip', 12)}`);
  for (const [name, size] of Object.entries(rows))
    console.log(`${pad(name, 40)}${pad(kb(size.min), 12)}${pad(kb(size.gzip), 12)}`);
  console.log('');
  console.log(
    `core (held to the target without zod, a dependency users share): ${kb(core)} ≤ 8 KB ${pass.core ? 'ok' : 'OVER'}`,
  );
  console.log(`elements: ${kb(elements)} ≤ 20 KB ${pass.elements ? 'ok' : 'OVER'}`);
  console.log(`CDN over livekit-client + lit: ${kb(cdn - baseline)} ≤ 30 KB ${pass.cdn ? 'ok' : 'OVER'}`);
  console.log(`end-to-end encryption in every visit's first load: ${firstLoadE2eeCost} bytes gzip`);
  console.log(
    `privileged visits load ${kb(privilegedExtra)} more (chunk + worker), social visits none of it: ${lazy ? 'ok' : 'THE WORKER IS REACHABLE FROM THE FIRST LOAD'}`,
  );
  console.log(
    JSON.stringify({
      bench: 'size',
      unit: 'bytes',
      coreGzip: core,
      coreVisitClientOnlyGzip: rows['core, VisitClient only (without zod)'].gzip,
      coreWithZodGzip: rows['core (own code + zod)'].gzip,
      elementsGzip: elements,
      cdnGzip: cdn,
      baselineGzip: baseline,
      cdnOverBaselineGzip: cdn - baseline,
      cdnPrivilegedChunkGzip: rows['CDN + privileged: encryption chunk'].gzip,
      e2eeWorkerGzip: rows['CDN + privileged: e2ee-worker.js'].gzip,
      privilegedExtraGzip: privilegedExtra,
      firstLoadE2eeGzip: firstLoadE2eeCost,
      workerAndChunkLazy: lazy,
      targets,
      pass,
    }),
  );
}
