// The baseline: a raw livekit-client page. Preview tracks are acquired on load (like any prejoin screen);
// Join then does token → connect → publish, one after another, as LiveKit's quick-start does.
import { Room, RoomEvent, Track, createLocalTracks } from 'livekit-client';
import { firstFrame } from './first-frame.mjs';

let room;
let tracks = [];
window.bench = {
  async prepare() {
    tracks = await createLocalTracks({ audio: true, video: true });
    return true;
  },
  async join(tokenUrl) {
    const t0 = performance.now();
    room = new Room();
    const frame = new Promise((resolve) => {
      room.on(RoomEvent.TrackSubscribed, (track) => {
        if (track.kind === Track.Kind.Video) resolve(firstFrame(track));
      });
    });
    const response = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const token = await response.json();
    await room.connect(token.server_url, token.participant_token);
    for (const track of tracks) await room.localParticipant.publishTrack(track);
    return (await frame) - t0;
  },
  async leave() {
    await room?.disconnect(true);
  },
};
