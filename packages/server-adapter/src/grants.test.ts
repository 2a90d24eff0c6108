// The LiveKit grant of each role: the least it needs (docs/architecture.md "Roles → LiveKit grants"). The
// real-LiveKit test (livekit.integration.test.ts) checks the issued tokens; this one is fast enough to run for
// every mutant in `npm run mutation`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrackSource } from 'livekit-server-sdk';
import { grantFor } from './grants.js';

const NEVER = ['roomAdmin', 'roomCreate', 'roomList', 'roomRecord', 'ingressAdmin'] as const;

test('parties publish camera and microphone only, see each other, send data (media state), and are not hidden', () => {
  for (const role of ['resident', 'visitor', 'attorney'] as const) {
    const grant = grantFor(role, 'vk_room');
    assert.deepEqual(
      grant,
      {
        room: 'vk_room',
        roomJoin: true,
        canSubscribe: true,
        canUpdateOwnMetadata: false,
        canPublish: true,
        canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
        canPublishData: true,
        hidden: false,
      },
      role,
    );
    for (const power of NEVER)
      assert.equal((grant as Record<string, unknown>)[power], undefined, `${role} never gets ${power}`);
  }
});

test('a monitor publishes no media, is hidden and may send control messages', () => {
  const grant = grantFor('monitor', 'vk_room');
  assert.deepEqual(grant, {
    room: 'vk_room',
    roomJoin: true,
    canSubscribe: true,
    canUpdateOwnMetadata: false,
    canPublish: false,
    canPublishSources: [],
    canPublishData: true,
    hidden: true,
  });
});

test('canSubscribe is withheld when asked (granted once in a room with the visit policy)', () => {
  assert.equal(grantFor('visitor', 'vk_room', { canSubscribe: false }).canSubscribe, false);
  assert.equal(grantFor('resident', 'vk_room', {}).canSubscribe, true);
});

test('an unknown role is refused, not granted anything', () => {
  assert.throws(() => grantFor('admin' as never, 'vk_room'), TypeError);
});
