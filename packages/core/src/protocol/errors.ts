import * as z from 'zod/mini';

/**
 * Every error code the HTTP routes answer with, and its status. A closed list: clients switch on it.
 */
export const ERROR_STATUS = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  /** A browser request from an origin that is neither the adapter's own nor on its CORS allow-list. */
  'origin-not-allowed': 403,
  'privileged-visit': 403,
  'not-monitored': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-open-yet': 409,
  'visit-ended': 409,
  'visit-full': 409,
  'visit-terminated': 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'consent-required': 428,
  /** Too many requests from this person or address; `Retry-After` says when to try again. */
  'rate-limited': 429,
  /** The consent was given to rules text that is no longer current: ask again with the current text. */
  'consent-outdated': 409,
  internal: 500,
  misconfigured: 500,
  'livekit-unreachable': 502,
  'store-unavailable': 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** JSON body of every error response: `{ error: { code, message } }`. Never a stack trace or a secret. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string().check(z.maxLength(1000)),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
