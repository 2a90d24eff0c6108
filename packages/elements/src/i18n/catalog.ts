import { type en } from './en.js';

/** Every message key. English is the source catalog. */
export type MessageKey = keyof typeof en;

/** A complete translation: exactly the English keys, each a string. */
export type Catalog = { readonly [K in MessageKey]: string };

/**
 * Languages with a complete catalog. Adding one: a catalog file next to `en.ts` (typed `Catalog`) and its entry
 * here and in `translate.ts`'s `CATALOGS`; a right-to-left language also goes in {@link RTL_LANGS}.
 *
 * @example
 * LANGS.includes('es'); // true
 */
export const LANGS = ['en', 'es', 'ar', 'vi', 'zh', 'ht'] as const;
export type Lang = (typeof LANGS)[number];

/** Languages written right to left: the elements lay out mirrored in them (unless the page sets `dir`). */
export const RTL_LANGS: readonly Lang[] = ['ar'];

/** Values for `{placeholders}`: inserted as text, never as markup. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Maps a BCP 47 tag (`es-MX`, `EN`) to a supported language, or `undefined` when there is no catalog for it.
 *
 * @example
 * toLang('es-MX'); // 'es'
 */
export function toLang(tag: string | null | undefined): Lang | undefined {
  // `lang` is also a plain property: a page may set anything there, not only a string.
  const primary = (typeof tag === 'string' ? tag : '').trim().toLowerCase().split(/[-_]/)[0];
  return LANGS.find((lang) => lang === primary);
}

/**
 * Fills `{name}` placeholders. Unknown placeholders stay visible so a missing value is noticed.
 *
 * @example
 * interpolate('{time} left', { time: '04:59' }); // '04:59 left'
 */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    return value === undefined ? match : String(value);
  });
}
