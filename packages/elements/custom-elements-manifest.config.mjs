// Generates custom-elements.json from the JSDoc of the element classes (@summary @slot @event @csspart
// @cssproperty). Run by the root `npm run build` after rollup, through this package's `analyze` script.

/** The base class dispatches every event through `emit(type, …)`; the real names come from `@event` tags. */
const dropGenericEvents = {
  name: 'visitkit-drop-generic-events',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const declaration of mod.declarations ?? []) {
        if (declaration.events)
          declaration.events = declaration.events.filter((event) => event.name?.startsWith('vk-'));
      }
    }
  },
};

/** Modules in path order: the file-system order of the glob differs between machines and checkouts, and the manifest is committed. */
const sortModules = {
  name: 'visitkit-sort-modules',
  packageLinkPhase({ customElementsManifest }) {
    customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  },
};

export default {
  globs: ['src/**/*.ts'],
  // The catalogs' text is not API (a translation fix must not look like an API change in review).
  exclude: ['src/**/*.test.ts', 'src/test-support/**', 'src/**/*.styles.ts', 'src/i18n/en.ts', 'src/i18n/es.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [dropGenericEvents, sortModules],
};
