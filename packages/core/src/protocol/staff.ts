import * as z from 'zod/mini';

const Reason = z.string().check(z.trim(), z.minLength(1, 'a reason is required'), z.maxLength(500));

/** Body of `POST /visits/:visitId/terminate`. */
export const TerminateRequestSchema = z.object({ reason: Reason });
export type TerminateRequest = z.infer<typeof TerminateRequestSchema>;

/** Body of `POST /visits/:visitId/warn`: a canned `code` (shown translated) and optional free text. */
export const WarnRequestSchema = z.object({
  code: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(64),
      z.regex(/^[a-z0-9][a-z0-9-]*$/, 'code must be lowercase letters, digits and -'),
    ),
  message: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
});
export type WarnRequest = z.infer<typeof WarnRequestSchema>;

/** Body of `POST /visits/:visitId/mute`. */
export const MuteRequestSchema = z.object({
  identity: z.string().check(z.minLength(1), z.maxLength(256)),
  track: z.enum(['audio', 'video']),
});
export type MuteRequest = z.infer<typeof MuteRequestSchema>;

/** Canned warning codes the staff UI offers; portals may send others. */
export const CANNED_WARNINGS = ['language', 'conduct', 'dress-code', 'third-party', 'final-warning'] as const;
