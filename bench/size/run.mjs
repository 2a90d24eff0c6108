// `npm run bench -- size`: min+gzip size of Visitkit's own code and of the single-file CDN bundle, against
// livekit-client + lit alone (docs/architecture.md targets: core ≤ 8 KB, elements ≤ 20 KB, CDN ≤ livekit-client + lit + 30 KB).
// Every figure is measured the same way as the shipped CDN file: rollup + node-resolve + terser, then gzip -9.
// Needs `npm run build` first (it reads the packages' dist/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { ROOT } from '../../scripts/lib/paths.mjs';

const KB = 1024;
const CORE = join(ROOT, 'packages/core/dist/index.js');
const ELEMENTS = join(ROOT, 'packages/elements/dist/index.js');
const CDN = join(ROOT, 'packages/elements/dist/cdn/visitkit.js');

for (const file of [CORE, ELEMENTS, CDN]) {
  if (!existsSync(file)) {
    console.error(`missing ${file}: run \`npm run build\` first`);
    process.exit(1);
  }
}

/** Bare specifiers matching one of `prefixes` (exactly or as a subpath) stay out of the bundle. */
const externalTo = (prefixes) => (id) => prefixes.some((p) => id === p || id.startsWith(`${p}/`));

/** Minified bytes of `input` bundled with everything but `external`. */
async function minified(input, external = () => false) {
  const warnings = [];
  const bundle = await rollup({
    input,
    external,
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      terser({ format: { comments: false } }),
    ],
    onwarn: (w) => warnings.push(w),
  });
  const unresolved = warnings.filter((w) => w.code === 'UNRESOLVED_IMPORT');
  if (unresolved.length > 0)
    throw new Error(`unresolved imports in ${input}: ${unresolved.map((w) => w.exporter).join(', ')}`);
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
  await bundle.close();
  return Buffer.from(output[0].code);
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
    'livekit-client + lit alone': sizes(await minified(baselineEntry, () => false)),
  };

  const core = rows['core (own code, without zod)'].gzip;
  const elements = rows['elements (own code + @lit/context)'].gzip;
  const cdn = rows['CDN visitkit.js (shipped file)'].gzip;
  const baseline = rows['livekit-client + lit alone'].gzip;
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
      targets,
      pass,
    }),
  );
}
