import * as z from 'zod/mini';
import { RoleSchema } from './roles.js';
import { IsoDateTime } from './time.js';
import { VisitSchema } from './visit.js';

// The request side (ConsentSchema, TokenRequestSchema) is in token-request.ts: only the server parses it,
// so browser bundles leave it out. `Consent` is re-exported for the client modules that name it.
export type { Consent } from './token-request.js';

const ServerUrl = z
  .string()
  .check(z.maxLength(2048), z.regex(/^(wss?|https?):\/\/[^\s]+$/, 'server_url must be a ws(s):// or http(s):// URL'));

/**
 * Response of the token route: LiveKit's `TokenSource.endpoint` format plus the visit, the caller's role
 * and the server's clock (snake_case like LiveKit's).
 */
export const TokenResponseSchema = z.object({
  server_url: ServerUrl,
  participant_token: z.string().check(z.minLength(1), z.maxLength(8192)),
  participant_identity: z.string().check(z.minLength(1), z.maxLength(256)),
  participant_name: z.optional(z.string().check(z.maxLength(256))),
  room_name: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  visit: VisitSchema,
  role: RoleSchema,
  server_time: IsoDateTime,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
