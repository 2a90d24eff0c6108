import type { core } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * Parse options that word schema issues in English ("Too big: expected string to have <=500
 * characters"). The protocol schemas use `zod/mini`, which loads no locale so the browser bundle stays
 * small; without one every issue reads "Invalid input". Passed per parse rather than through the global
 * `z.config()` so the portal's own zod setup is left alone. Messages a schema spells out itself win.
 *
 * @example
 * const result = TerminateRequestSchema.safeParse(json, ENGLISH_ISSUES);
 */
export const ENGLISH_ISSUES: core.ParseContext<core.$ZodIssue> = { error: en().localeError };
