import { VisitError } from '@visitkit/core';
import { toLang } from '../i18n/catalog.js';

const VISIT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/** Checks a `visit-id` attribute (same rule as the wire contract). */
export function checkVisitId(value: string | undefined, element: string): VisitError | undefined {
  if (value === undefined || value === '') return new VisitError('bad-request', `<${element}> needs a visit-id.`);
  if (!VISIT_ID.test(value)) {
    return new VisitError('bad-request', `<${element}> visit-id may contain only letters, digits, and . _ ~ -`);
  }
  return undefined;
}

/** Checks a URL attribute: same-origin relative paths or absolute http(s) URLs only. */
export function checkHttpUrl(value: string | undefined, name: string, element: string): VisitError | undefined {
  if (value === undefined || value === '') return new VisitError('bad-request', `<${element}> needs a ${name}.`);
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
