import * as z from 'zod/mini';
import { RoleSchema } from './roles.js';
import { IsoDateTime } from './time.js';
import { VisitSchema } from './visit.js';

/** What the user agreed to before joining a visit that `requireConsent`s. */
export const ConsentSchema = z.object({
  accepted_at: IsoDateTime,
  /** SHA-256 (hex) of the rules/consent text the user was shown. */
  text_sha256: z.optional(
    z.string().check(z.regex(/^[a-f0-9]{64}$/, 'text_sha256 must be 64 lowercase hex characters')),
  ),
});
export type Consent = z.infer<typeof ConsentSchema>;

/**
 * Body of `POST /visits/:visitId/token`. Anything else the client sends (identity, name, role, room)
 * is stripped: only the portal's `authorize` hook decides who the caller is.
 */
export const TokenRequestSchema = z.object({ consent: z.optional(ConsentSchema) });
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

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
