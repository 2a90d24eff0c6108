// The single-file CDN build: end-to-end encryption (privileged visits) adds no code to what every visit loads
// first. Builds the first load twice as rollup.config.mjs does (without the minifier: which code goes in is
// decided before it) — once as shipped, once with @visitkit/core's e2ee.js stubbed out — and compares, module by
// module, how much of each ends up in the entry chunk. A class imported from livekit-client by e2ee.js alone
// (livekit-client is one ESM module, kept whole in the first load's chunk) would show up as more livekit-client.
// Needs `npm run build` (it reads packages/elements/dist).
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { test } from 'node:test';
import { cdnPlugins, ELEMENTS, entryChunk, withoutE2ee } from '../bench/size/first-load.mjs';
import { ROOT } from '../scripts/lib/paths.mjs';

/**
 * Rendered characters of each module in a chunk, by path from the repository root.
 * @param {import('rollup').OutputChunk} chunk
 */
const renderedLengths = (chunk) =>
  Object.fromEntries(Object.entries(chunk.modules).map(([id, module]) => [relative(ROOT, id), module.renderedLength]));

test('end-to-end encryption adds no code to the CDN first load', async () => {
  const shipped = await entryChunk(ELEMENTS, { firstLoad: true, plugins: cdnPlugins() });
  const withoutEncryption = await entryChunk(ELEMENTS, { firstLoad: true, plugins: [withoutE2ee, ...cdnPlugins()] });
  const lengths = renderedLengths(shipped);
  assert.ok(
    Object.keys(lengths).some((id) => id.includes('livekit-client')),
    'the first load holds livekit-client (else this comparison proves nothing)',
  );
  assert.ok(!Object.keys(lengths).some((id) => id.endsWith('core/dist/e2ee.js')), 'e2ee.js is not in the first load');
  assert.deepEqual(lengths, renderedLengths(withoutEncryption));
});
