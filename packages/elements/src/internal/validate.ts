import { VisitError } from '@visitkit/core';
import { VisitIdSchema } from '@visitkit/core/protocol';
import { toLang } from '../i18n/catalog.js';

/** Checks a `visit-id` attribute against the wire contract's rule (`VisitIdSchema`). */
export function checkVisitId(value: string | undefined, element: string): VisitError | undefined {
  // Also set as a property, so not always a string.
  if (typeof value !== 'string' || value === '') return new VisitError('bad-request', `<${element}> needs a visit-id.`);
  if (!VisitIdSchema.safeParse(value).success) {
    return new VisitError('bad-request', `<${element}> visit-id may contain only letters, digits, and . _ ~ -`);
  }
  return undefined;
}

/** Checks a URL attribute: same-origin relative paths or absolute http(s) URLs only. */
export function checkHttpUrl(value: string | undefined, name: string, element: string): VisitError | undefined {
  if (typeof value !== 'string' || value === '') return new VisitError('bad-request', `<${element}> needs a ${name}.`);
  let url: URL;
  try {
    url = new URL(value, document.baseURI);
  } catch {
    return new VisitError('bad-request', `<${element}> ${name} is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return new VisitError('bad-request', `<${element}> ${name} must be an http(s) URL.`);
  }
  return undefined;
}

/** Checks a `lang` attribute against the supported catalogs (empty means "inherit"). */
export function checkLang(value: string, element: string): VisitError | undefined {
  if (value === '' || toLang(value)) return undefined;
  return new VisitError('bad-request', `<${element}> lang "${value}" is not supported; using English.`);
}

/** Longest kiosk inactivity timeout: a day (timers beyond 2^31-1 ms, about 24.8 days, fire at once). */
export const MAX_IDLE_SECONDS = 86_400;
/** The default kiosk inactivity timeout, in seconds. */
export const DEFAULT_IDLE_SECONDS = 120;

/** The kiosk inactivity timeout to use for an `inactivity-timeout` value: 1 s to a day, else the default. */
export function idleSeconds(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return DEFAULT_IDLE_SECONDS;
  return Math.min(MAX_IDLE_SECONDS, Math.max(1, value));
}

/** Checks an `inactivity-timeout` attribute: a positive number of seconds, at most a day. */
export function checkIdleSeconds(value: number, element: string): VisitError | undefined {
  if (Number.isFinite(value) && value > 0 && value <= MAX_IDLE_SECONDS) return undefined;
  return new VisitError(
    'bad-request',
    `<${element}> inactivity-timeout must be a number of seconds from 1 to ${MAX_IDLE_SECONDS}; using ${idleSeconds(value)}.`,
  );
}
