import {
  interpolate,
  isBuiltInLang,
  registeredLanguages,
  type BuiltInLang,
  type Catalog,
  type Lang,
  type MessageKey,
  type MessageParams,
} from './catalog.js';
import { en } from './en.js';
import { es } from './es.js';
import { ar } from './ar.js';
import { vi } from './vi.js';
import { zh } from './zh.js';
import { ht } from './ht.js';

/** Every built-in language's catalog (the tests check each one). */
export const CATALOGS: Readonly<Record<BuiltInLang, Catalog>> = { en, es, ar, vi, zh, ht };

/** The catalog of a built-in or registered language; `undefined` for any other. */
function catalogOf(lang: Lang): Catalog | undefined {
  return isBuiltInLang(lang) ? CATALOGS[lang] : registeredLanguages.get(lang)?.messages;
}

const overrides = new Map<Lang, Partial<Record<MessageKey, string>>>();

/**
 * Replaces some of a language's messages on this page with the portal's own wording (its facility's name, its
 * terms). Applies to everything the elements render from then on: call it before they are on the page. Later
 * calls add to or replace earlier ones; an unknown key or a value that is not a string throws (a typo would
 * otherwise be ignored silently).
 *
 * @example
 * overrideMessages('en', { 'prejoin.heading': 'Get ready for your Riverside visit' });
 */
export function overrideMessages(lang: Lang, messages: Partial<Record<MessageKey, string>>): void {
  if (!catalogOf(lang)) throw new TypeError(`overrideMessages: unknown language "${lang}" (register it first)`);
  for (const [key, value] of Object.entries(messages)) {
    if (!(key in en)) throw new TypeError(`overrideMessages: unknown message key "${key}"`);
    if (typeof value !== 'string') throw new TypeError(`overrideMessages: "${key}" must be a string`);
  }
  overrides.set(lang, { ...overrides.get(lang), ...messages });
}

/**
 * The message for `key` in `lang` (the portal's override if it set one), with placeholders filled in as text.
 *
 * @example
 * translate('es', 'timer.left', { time: '04:59' }); // 'Quedan 04:59'
 */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  return interpolate(overrides.get(lang)?.[key] ?? catalogOf(lang)?.[key] ?? en[key], params);
}

/** Where a registered language is written: left to right (the default) or right to left. */
export interface RegisterLanguageOptions {
  readonly dir?: 'ltr' | 'rtl';
}

const placeholdersOf = (text: string): string =>
  [...text.matchAll(/\{(\w+)\}/g)]
    .map((m) => m[1])
    .sort()
    .join();

/**
 * Adds a language from the embedding page, without rebuilding the package: `lang="pl"` (or `pl-PL`) then renders
 * with these messages. Call it before the elements using it are on the page. `lang` is a primary language subtag
 * (`pl`, `fil`) that is not built in (change a built-in language with {@link overrideMessages}); registering it
 * again replaces it.
 *
 * `messages` is checked as untrusted input: a value that is not an object, a key that is not a message key (a typo)
 * or a message that is not a string throws a `TypeError` and registers nothing. A missing message, or one whose
 * `{placeholders}` differ from English, is shown in English, with one `console.warn` listing them.
 *
 * @example
 * registerLanguage('pl', { 'prejoin.heading': 'Przygotuj się do wizyty', 'prejoin.join': 'Dołącz do wizyty' });
 * translate('pl', 'prejoin.join'); // 'Dołącz do wizyty'
 */
export function registerLanguage(lang: string, messages: unknown, options: RegisterLanguageOptions = {}): void {
  if (typeof lang !== 'string' || !/^[a-z]{2,3}$/.test(lang))
    throw new TypeError(`registerLanguage: "${String(lang)}" is not a primary language subtag (like "pl")`);
  if (isBuiltInLang(lang))
    throw new TypeError(`registerLanguage: "${lang}" is built in; change its messages with overrideMessages()`);
  if (options.dir !== undefined && options.dir !== 'ltr' && options.dir !== 'rtl')
    throw new TypeError(`registerLanguage: dir must be "ltr" or "rtl"`);
  if (typeof messages !== 'object' || messages === null || Array.isArray(messages))
    throw new TypeError(`registerLanguage: the messages of "${lang}" must be an object of message key → text`);
  const given = new Map<string, unknown>(Object.entries(messages));
  for (const [key, value] of given) {
    if (!(key in en)) throw new TypeError(`registerLanguage: unknown message key "${key}"`);
    if (typeof value !== 'string') throw new TypeError(`registerLanguage: "${key}" must be a string`);
  }
  const inEnglish: MessageKey[] = [];
  const catalog = Object.fromEntries(
    (Object.keys(en) as MessageKey[]).map((key) => {
      const text = given.get(key);
      if (typeof text === 'string' && placeholdersOf(text) === placeholdersOf(en[key])) return [key, text];
      inEnglish.push(key);
      return [key, en[key]];
    }),
  ) as Catalog;
  if (inEnglish.length > 0)
    console.warn(
      `registerLanguage: ${inEnglish.length} message(s) of "${lang}" missing or with other {placeholders} than English, shown in English: ${inEnglish.join(', ')}`,
    );
  registeredLanguages.set(lang, { messages: catalog, rtl: options.dir === 'rtl' });
  overrides.delete(lang);
}

/**
 * Formats a countdown as `m:ss` or `h:mm:ss` with the language's digits; negative values show as zero.
 *
 * @example
 * formatClock('en', 299_000); // '4:59'
 */
export function formatClock(lang: Lang, ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const two = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
  const one = new Intl.NumberFormat(lang, { useGrouping: false });
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${one.format(h)}:${two.format(m)}:${two.format(s)}` : `${one.format(m)}:${two.format(s)}`;
}

/**
 * Formats a duration in words (`12 minutes 5 seconds`) with Intl unit formatting.
 *
 * @example
 * formatDuration('es', 65_000); // '1 minuto 5 segundos'
 */
export function formatDuration(lang: Lang, ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const parts: Array<[number, 'hour' | 'minute' | 'second']> = [
    [Math.floor(total / 3600), 'hour'],
    [Math.floor((total % 3600) / 60), 'minute'],
    [total % 60, 'second'],
  ];
  const shown = parts.filter(([value], index) => value > 0 || (index === 2 && total === 0));
  const words = shown.map(([value, unit]) =>
    new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(value),
  );
  return new Intl.ListFormat(lang, { style: 'narrow', type: 'unit' }).format(words);
}

/**
 * Formats a time of day in the user's time zone.
 *
 * @example
 * formatTime('en', new Date('2026-01-01T15:00:00Z')); // '3:00 PM' (in UTC)
 */
export function formatTime(lang: Lang, date: Date): string {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(date);
}
