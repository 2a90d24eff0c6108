import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** Packages the pages load as ES modules, straight from node_modules (no bundler in the sample portal). */
export const BROWSER_PACKAGES = [
  '@visitkit/elements',
  '@visitkit/core',
  'lit',
  'lit-html',
  'lit-element',
  '@lit/reactive-element',
  '@lit/context',
  'livekit-client',
  'zod',
  // rollup's TypeScript plugin emits decorator helpers as imports from tslib.
  'tslib',
] as const;

/** URL prefix the packages are served under. */
export const VENDOR_PREFIX = '/vendor/';

type ExportTarget = string | null | readonly ExportTarget[] | { readonly [condition: string]: ExportTarget };

// Browser builds first; `development`, `node`, `require` and `types` are never what a page should load.
const CONDITIONS = ['browser', 'import', 'module', 'default'];

function pick(target: ExportTarget): string | undefined {
  if (target === null) return undefined;
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = pick(t as ExportTarget);
      if (found) return found;
    }
    return undefined;
  }
  const conditions = target as { readonly [condition: string]: ExportTarget };
  for (const condition of CONDITIONS) {
    if (condition in conditions) {
      const found = pick(conditions[condition] as ExportTarget);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * An import map (`{ imports }`) for {@link BROWSER_PACKAGES}, built from each package's `exports` with
 * browser conditions, so `lit/decorators.js` or `@visitkit/core/protocol` resolve as a bundler would.
 *
 * @example
 * const map = buildImportMap('/repo/node_modules');
 */
export function buildImportMap(nodeModules: string): { imports: Record<string, string> } {
  const imports: Record<string, string> = {};
  for (const name of BROWSER_PACKAGES) {
    const pkg = JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')) as {
      exports?: Record<string, ExportTarget> | string;
      module?: string;
      main?: string;
    };
    const base = `${VENDOR_PREFIX}${name}/`;
    const exportsField = typeof pkg.exports === 'string' ? { '.': pkg.exports } : pkg.exports;
    if (!exportsField) {
      imports[name] = base + (pkg.module ?? pkg.main ?? 'index.js').replace(/^\.\//, '');
      imports[`${name}/`] = base;
      continue;
    }
    for (const [key, target] of Object.entries(exportsField)) {
      const file = pick(target);
      if (!file || !file.startsWith('./')) continue;
      if (key === '.') imports[name] = base + file.slice(2);
      else if (key.endsWith('/*') && file.endsWith('/*'))
        imports[`${name}/${key.slice(2, -1)}`] = base + file.slice(2, -1);
      else if (!key.includes('*')) imports[`${name}/${key.slice(2)}`] = base + file.slice(2);
    }
  }
  return { imports };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The file behind a `/vendor/<package>/<path>` URL, or undefined when the package is not one of
 * {@link BROWSER_PACKAGES}, the type is not servable, or the path leaves the package.
 *
 * @example
 * vendorFile('/repo/node_modules', '/vendor/lit/index.js'); // { path: '/repo/node_modules/lit/index.js', type: 'text/javascript; …' }
 */
export function vendorFile(nodeModules: string, pathname: string): { path: string; type: string } | undefined {
  if (!pathname.startsWith(VENDOR_PREFIX)) return undefined;
  const rest = decodeURIComponent(pathname.slice(VENDOR_PREFIX.length));
  const name = BROWSER_PACKAGES.find((p) => rest.startsWith(`${p}/`));
  const type = TYPES[extname(rest)];
  if (!name || !type || rest.includes('\0')) return undefined;
  try {
    const root = realpathSync(join(nodeModules, name));
    const path = realpathSync(join(root, rest.slice(name.length + 1)));
    const inside = relative(root, path);
    if (inside.startsWith('..') || inside.startsWith(sep) || inside.split(sep).includes('node_modules'))
      return undefined;
    if (!statSync(path).isFile()) return undefined;
    return { path, type };
  } catch {
    return undefined;
  }
}
