import * as z from 'zod/mini';

/** Data-channel topic on which each party tells the others whether its video is being sent (reliable). */
export const MEDIA_STATE_TOPIC = 'visitkit.media';

/**
 * What a party says about the video it sends: `sending` (nothing to explain), `audio-only` (the person chose
 * audio only), `weak-connection` (its own uplink is too weak to carry video). Purely informative: receivers use
 * it only to explain a missing picture on that party's tile.
 */
export const MediaStateSchema = z.strictObject({
  type: z.literal('media-state'),
  video: z.enum(['sending', 'audio-only', 'weak-connection']),
});
export type MediaState = z.infer<typeof MediaStateSchema>;

/** Largest payload accepted on the media-state topic; anything bigger is rejected before parsing. */
export const MAX_MEDIA_STATE_BYTES = 256;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encodes a media state for the data channel, validated first. */
export function encodeMediaState(state: MediaState): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(MediaStateSchema.parse(state)));
}

/** Decodes and validates a media-state payload; `undefined` for anything malformed. Never throws. */
export function decodeMediaState(payload: Uint8Array): MediaState | undefined {
  if (payload.byteLength > MAX_MEDIA_STATE_BYTES) return undefined;
  try {
    const result = MediaStateSchema.safeParse(JSON.parse(decoder.decode(payload)));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
