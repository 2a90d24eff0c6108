import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebhookEvent, type RoomServiceClient } from 'livekit-server-sdk';
import { VisitInputSchema } from '@visitkit/core/protocol';
import { visit } from './test-support/fixtures.js';
import { withTrackContext } from './track-webhook.js';

const room = {
  name: `vk_${'a'.repeat(32)}`,
  metadata: JSON.stringify({ visitkit: 1, visit: VisitInputSchema.parse(visit()) }),
};
/** LiveKit as a cluster answers for a participant of a room no node hosts any more: unreachable, not "not found". */
const unreachable = {
  getParticipant: () => Promise.reject(Object.assign(new Error('no response from servers'), { code: 'unavailable' })),
};
const ctx = { rooms: unreachable as unknown as RoomServiceClient };
const trackEvent = (kind: string) =>
  WebhookEvent.fromJson({ event: kind, id: 'EV_1', room, participant: { identity: 'maria' } });

test('an unpublish whose participant LiveKit cannot reach still goes through (the webhooks behind it must not be dropped)', async () => {
  const event = await withTrackContext(ctx, trackEvent('track_unpublished'));
  assert.equal(event.participant?.identity, 'maria');
  assert.equal(event.room?.metadata, room.metadata);
});

test('a publish whose participant LiveKit cannot reach fails, so LiveKit retries it', async () => {
  await assert.rejects(withTrackContext(ctx, trackEvent('track_published')), /no response/);
});
