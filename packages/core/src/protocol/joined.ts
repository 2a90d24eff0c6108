import * as z from 'zod/mini';

/**
 * Body of `POST /visits/:visitId/joined`: nothing. A party says "LiveKit has answered my join" as soon as it has
 * (livekit-client's `SignalConnected`, while its media transport is still connecting), so the adapter can give it
 * `canSubscribe` then — not only on LiveKit's `participant_joined` webhook, which LiveKit sends once that transport
 * is up. The adapter decides from what LiveKit lists and the visit's policy; the caller says nothing else.
 */
export const JoinedRequestSchema = z.strictObject({});
export type JoinedRequest = z.infer<typeof JoinedRequestSchema>;

/** Answer of `POST /visits/:visitId/joined`: whether the caller may receive the others' media now. */
export const JoinedResponseSchema = z.strictObject({ can_subscribe: z.boolean() });
export type JoinedResponse = z.infer<typeof JoinedResponseSchema>;
