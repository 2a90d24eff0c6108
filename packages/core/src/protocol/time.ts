import * as z from 'zod/mini';

/** An ISO 8601 date-time with a zone (`Z` or an offset), as every time travels on the wire. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * A time as a portal may hand it over: an ISO 8601 string or a `Date`.
 * Always normalised to a UTC ISO string so both sides compare like with like.
 */
export const TimeInput = z.pipe(
  z.union([z.date(), IsoDateTime]),
  z.transform((value: Date | string) => (typeof value === 'string' ? new Date(value) : value).toISOString()),
);
