import { type en } from './en.js';

/** Every message key. English is the source catalog. */
export type MessageKey = keyof typeof en;

/** A complete translation: exactly the English keys, each a string. */
export type Catalog = { readonly [K in MessageKey]: string };

/**
 * Languages with a complete catalog shipped in the package. Adding one here: a catalog file next to `en.ts` (typed
 * `Catalog`) and its entry here and in `translate.ts`'s `CATALOGS`; a right-to-left language also goes in
 * {@link RTL_LANGS}. A portal adds one without rebuilding the package with `registerLanguage()`.
 *
 * @example
 * LANGS.includes('es'); // true
 */
export const LANGS = ['en', 'es', 'ar', 'vi', 'zh', 'ht'] as const;
/** A language the package ships a catalog for. */
export type BuiltInLang = (typeof LANGS)[number];
/**
 * A language the elements render in: a built-in one ({@link LANGS}) or one the page registered with
 * `registerLanguage()` (its primary subtag, lower case). Any string type-checks; `toLang` says which are usable.
 */
export type Lang = BuiltInLang | (string & Record<never, never>);

/** Built-in languages written right to left: the elements lay out mirrored in them (unless the page sets `dir`). */
export const RTL_LANGS: readonly BuiltInLang[] = ['ar'];

/** A language registered on this page: its messages (English where one is missing) and its direction. */
export interface RegisteredLanguage {
  readonly messages: Catalog;
  readonly rtl: boolean;
}

/** Languages registered on this page by `registerLanguage()` (translate.ts), by primary subtag. */
export const registeredLanguages = new Map<string, RegisteredLanguage>();

/** Whether `lang` is one of the built-in languages. */
export function isBuiltInLang(lang: string): lang is BuiltInLang {
  return (LANGS as readonly string[]).includes(lang);
}

/**
 * Whether `lang` is written right to left (built in, or registered with `dir: 'rtl'`).
 *
 * @example
 * isRtl('ar'); // true
 */
export function isRtl(lang: Lang): boolean {
  return isBuiltInLang(lang) ? RTL_LANGS.includes(lang) : (registeredLanguages.get(lang)?.rtl ?? false);
}

/** Values for `{placeholders}`: inserted as text, never as markup. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Maps a BCP 47 tag (`es-MX`, `EN`) to a supported language (built in or registered), or `undefined` when there is
 * no catalog for it.
 *
 * @example
 * toLang('es-MX'); // 'es'
 */
export function toLang(tag: string | null | undefined): Lang | undefined {
  // `lang` is also a plain property: a page may set anything there, not only a string.
  const primary = (typeof tag === 'string' ? tag : '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return isBuiltInLang(primary) || registeredLanguages.has(primary) ? primary : undefined;
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
