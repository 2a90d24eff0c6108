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

/** 32 bytes as unpadded base64url (43 characters). */
export const E2eeKey = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'e2ee_key must be 32 bytes as unpadded base64url'));

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
  /**
   * Privileged visits only: the visit's end-to-end media key, 32 random bytes as unpadded base64url. Sent only
   * to the two parties in this response (never to monitors, never logged, never in room metadata, the ledger or
   * webhooks); LiveKit never sees it, so it relays only ciphertext. Never present on social visits.
   */
  e2ee_key: z.optional(E2eeKey),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
