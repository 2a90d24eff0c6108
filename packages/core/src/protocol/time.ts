import * as z from 'zod/mini';

/** An ISO 8601 date-time with a zone (`Z` or an offset), as every time travels on the wire. */
export const IsoDateTime = z.iso.datetime({ offset: true });
