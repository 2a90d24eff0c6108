import * as z from 'zod/mini';

/**
 * What a party's video is doing, as the party says: `sending` (nothing to explain), `audio-only` (the person
 * chose audio only), `weak-connection` (its own uplink is too weak to carry video).
 */
export const MediaVideoStateSchema = z.enum(['sending', 'audio-only', 'weak-connection']);
export type MediaVideoState = z.infer<typeof MediaVideoStateSchema>;

/**
 * Body of `POST /visits/:visitId/media-state`: a party tells the others, through the adapter, why its picture
 * stopped. The adapter sets it as the party's `visitkit.media` attribute (`ATTRIBUTE_MEDIA`), so it reaches
 * everyone in the room, the monitor included, and carries nothing but one of three words — parties get no data
 * channel of their own.
 */
export const MediaStateRequestSchema = z.strictObject({ video: MediaVideoStateSchema });
export type MediaStateRequest = z.infer<typeof MediaStateRequestSchema>;

/** The `visitkit.media` attribute as a state, or `undefined` when absent or not one of the states. */
export function parseMediaVideoState(value: string | undefined): MediaVideoState | undefined {
  const parsed = MediaVideoStateSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
