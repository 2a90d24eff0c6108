import * as z from 'zod/mini';

/**
 * Every error code the HTTP routes answer with, and its status. A closed list: clients switch on it.
 */
export const ERROR_STATUS = {
  'bad-request': 400,
  unauthenticated: 401,
  forbidden: 403,
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
  internal: 500,
  misconfigured: 500,
  'livekit-unreachable': 502,
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
