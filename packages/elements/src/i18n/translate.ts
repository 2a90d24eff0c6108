import { interpolate, type Catalog, type Lang, type MessageKey, type MessageParams } from './catalog.js';
import { en } from './en.js';
import { es } from './es.js';
import { ar } from './ar.js';
import { vi } from './vi.js';
import { zh } from './zh.js';
import { ht } from './ht.js';

/** Every language's catalog (the tests check each one). */
export const CATALOGS: Readonly<Record<Lang, Catalog>> = { en, es, ar, vi, zh, ht };

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
  return interpolate(overrides.get(lang)?.[key] ?? CATALOGS[lang][key], params);
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
