import * as z from 'zod/mini';

const Text = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
const Code = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[a-z0-9][a-z0-9-]*$/, 'code must be lowercase letters, digits and -'),
  );

/** Why the visit is ending, as told to everyone in the room. */
export const EndingReasonSchema = z.enum(['time-limit', 'terminated', 'server-shutdown']);
export type EndingReason = z.infer<typeof EndingReasonSchema>;

const common = {
  /** Unique per message: receivers drop a repeat of an id they have seen. */
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
};

/**
 * Control messages on the `visitkit.control` topic (reliable). Sent by the server (RoomService.sendData)
 * or by a participant whose server-set role is `monitor`; everything else is dropped by clients.
 */
export const ControlMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('warning'),
    secondsLeft: z.number().check(z.int(), z.minimum(0), z.maximum(86_400)),
    ...common,
  }),
  z.object({ type: z.literal('announcement'), code: Code, message: z.optional(Text), ...common }),
  z.object({ type: z.literal('ending'), reason: EndingReasonSchema, message: z.optional(Text), ...common }),
  z.object({ type: z.literal('mute-request'), track: z.optional(z.enum(['audio', 'video'])), ...common }),
]);
export type ControlMessage = z.infer<typeof ControlMessageSchema>;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encodes a control message for the data channel; validates it first so nothing malformed is sent. */
export function encodeControlMessage(message: ControlMessage): Uint8Array<ArrayBuffer> {
  // A TextEncoder per call (not per module) so browser bundles that only decode leave it out.
  return new TextEncoder().encode(JSON.stringify(ControlMessageSchema.parse(message)));
}

/** Result of decoding a data-channel payload: the message, or why it was rejected. */
export type DecodedControlMessage = { ok: true; message: ControlMessage } | { ok: false; reason: string };

/** Largest payload accepted on the control topic; anything bigger is rejected before parsing. */
export const MAX_CONTROL_BYTES = 4096;

/** Decodes and validates a control payload. Never throws. */
export function decodeControlMessage(payload: Uint8Array): DecodedControlMessage {
  if (payload.byteLength > MAX_CONTROL_BYTES) return { ok: false, reason: 'payload too large' };
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(payload));
  } catch {
    return { ok: false, reason: 'payload is not UTF-8 JSON' };
  }
  const result = ControlMessageSchema.safeParse(json);
  if (!result.success) {
    // zod/mini loads no locale, so messages can be a bare "Invalid input": the path says what was wrong.
    const issue = result.error.issues[0];
    return { ok: false, reason: issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'invalid message' };
  }
  return { ok: true, message: result.data };
}
