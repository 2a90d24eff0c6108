// Builds every package to ESM + .d.ts + source maps, one output file per source module so that
// consumers' bundlers can tree-shake and `sideEffects` stays meaningful.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import typescript from '@rollup/plugin-typescript';

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

export default [packageBuild('core'), packageBuild('server-adapter'), packageBuild('elements')];
