// What a page loads first from the single-file CDN build, built the way rollup.config.mjs builds it: shared by
// bench/size (bytes) and tests/cdn-first-load.test.mjs (which code is in it).
import { join } from 'node:path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { ROOT } from '../../scripts/lib/paths.mjs';

/** The built elements: the CDN build's input. */
export const ELEMENTS = join(ROOT, 'packages/elements/dist/index.js');

/**
 * Stands in for @visitkit/core's `e2ee.js` (the encryption of privileged visits): the CDN bundle as it would be
 * without end-to-end encryption, to measure what encryption adds to the first load of every visit.
 * @type {import('rollup').Plugin}
 */
export const withoutE2ee = {
  name: 'without-e2ee',
  load: (id) =>
    id.endsWith('/packages/core/dist/e2ee.js')
      ? 'export const e2eeSupported = () => false; export const createVisitEncryption = () => { throw new Error(); };'
      : null,
};

/** Resolution and replacements of the CDN build (the minifier is the caller's). */
export const cdnPlugins = () => [
  nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
];

/**
 * Bundles `input` with everything inside; with `firstLoad`, dynamic imports become chunks of their own as in the
 * CDN build. Resolves to the entry chunk (what a page loads first).
 * @param {string} input
 * @param {{ firstLoad?: boolean, plugins?: import('rollup').Plugin[], external?: (id: string) => boolean }} [options]
 * @returns {Promise<import('rollup').OutputChunk>}
 */
export async function entryChunk(input, { firstLoad = false, plugins = [], external = () => false } = {}) {
  /** @type {import('rollup').RollupLog[]} */
  const warnings = [];
  const bundle = await rollup({
    input,
    external,
    ...(firstLoad ? { preserveEntrySignatures: 'allow-extension' } : {}),
    plugins,
    onwarn: (w) => warnings.push(w),
  });
  const unresolved = warnings.filter((w) => w.code === 'UNRESOLVED_IMPORT');
  if (unresolved.length > 0)
    throw new Error(`unresolved imports in ${input}: ${unresolved.map((w) => w.exporter).join(', ')}`);
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: !firstLoad });
  await bundle.close();
  const entry = output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
  if (entry?.type !== 'chunk') throw new Error(`${input}: the bundle has no entry chunk`);
  return entry;
}
