import * as z from 'zod/mini';
import { IsoDateTime } from './time.js';
import { Sha256Hex } from './visit.js';

/** What the user agreed to before joining a visit that `requireConsent`s. */
export const ConsentSchema = z.object({
  accepted_at: IsoDateTime,
  /** SHA-256 (hex) of the rules/consent text the user was shown. */
  text_sha256: z.optional(Sha256Hex),
});
export type Consent = z.infer<typeof ConsentSchema>;

/**
 * Body of `POST /visits/:visitId/token`. Anything else the client sends (identity, name, role, room)
 * is stripped: only the portal's `authorize` hook decides who the caller is.
 */
export const TokenRequestSchema = z.object({ consent: z.optional(ConsentSchema) });
export type TokenRequest = z.infer<typeof TokenRequestSchema>;
