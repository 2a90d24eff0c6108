// Builds every package to ESM + .d.ts + source maps, one output file per source module so that
// consumers' bundlers can tree-shake and `sideEffects` stays meaningful.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';

/** Source modules of a package: every .ts under src/ except tests and test helpers. */
function sourceModules(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    if (/\.(test|spec)\.ts$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (path.includes(`${'/'}test-support${'/'}`)) continue;
    out.push(path);
  }
  return out.sort();
}

/**
 * livekit-client's E2EE worker (its minified classic-script build), written next to the module that starts it,
 * as `e2ee-worker.js`: a separate file the browser fetches only when a privileged visit creates the worker, so
 * social visits load none of it. Its source-map comment is dropped (the map is not shipped).
 */
function e2eeWorker(dir) {
  const source = readFileSync(resolve('node_modules/livekit-client/dist/livekit-client.e2ee.worker.js'), 'utf8');
  return {
    name: 'visitkit-e2ee-worker',
    writeBundle() {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'e2ee-worker.js'), source.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    },
  };
}

/** Every bare import that is not a relative path stays external: dependencies are resolved by the consumer. */
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

function packageBuild(name) {
  const root = resolve(`packages/${name}`);
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
  return {
    input: Object.fromEntries(
      sourceModules(`${root}/src`).map((file) => [relative(`${root}/src`, file).replace(/\.ts$/, ''), file]),
    ),
    external,
    output: {
      dir: `${root}/dist`,
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
    plugins: [
      ...(name === 'core' ? [e2eeWorker(`${root}/dist`)] : []),
      typescript({
        tsconfig: `${root}/tsconfig.json`,
        // Type-check against the *built* declarations of sibling packages, not their sources,
        // so each package's declarations stay inside its own dist/.
        compilerOptions: {
          noEmit: false,
          noEmitOnError: true,
          customConditions: [],
          outDir: `${root}/dist`,
          declarationDir: `${root}/dist`,
          rootDir: `${root}/src`,
        },
      }),
    ],
    onwarn(warning, warn) {
      // A type error must fail the build, not scroll past as a warning.
      if (warning.plugin === 'typescript') throw new Error(`${pkg.name}: ${warning.message}`);
      if (warning.code === 'EMPTY_BUNDLE') return; // type-only modules
      warn(warning);
    },
  };
}

/**
 * The build for plain pages (`<script type="module" src=".../visitkit.js">`): the built elements with lit,
 * @lit/context, @visitkit/core, zod and livekit-client inside, minified, in one file — plus, next to it, the
 * lazily loaded encryption chunk and worker of privileged visits. Runs after the elements build.
 */
function cdnBuild() {
  return {
    input: resolve('packages/elements/dist/index.js'),
    // The lazily loaded chunk may import from visitkit.js itself: no separate facade file for the entry.
    preserveEntrySignatures: 'allow-extension',
    // visitkit.js is the one file a page loads; the encryption of privileged visits (a chunk loaded with import())
    // and its worker are fetched from next to it only when a privileged visit starts.
    output: {
      dir: resolve('packages/elements/dist/cdn'),
      format: 'es',
      entryFileNames: 'visitkit.js',
      chunkFileNames: 'visitkit-[name]-[hash].js',
    },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'] }),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      terser({ format: { comments: false } }),
      e2eeWorker(resolve('packages/elements/dist/cdn')),
      // Chunk names carry a hash: start from an empty folder so no stale chunk is shipped.
      {
        name: 'clean-cdn',
        buildStart: () => rmSync(resolve('packages/elements/dist/cdn'), { recursive: true, force: true }),
      },
    ],
    onwarn(warning, warn) {
      // livekit-client and zod use `this` at module level and circular imports; both are harmless here.
      if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
      if (warning.code === 'INVALID_ANNOTATION') return; // a comment in zod rollup cannot place; no effect on output
      warn(warning);
    },
  };
}

export default [packageBuild('core'), packageBuild('server-adapter'), packageBuild('elements'), cdnBuild()];
