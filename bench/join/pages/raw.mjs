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
  /**
   * @param {string} tokenUrl the adapter's token route, or the bench's open-token reference (server.mjs `openToken`)
   * @param {string} [body] the token request's body
   */
  async join(tokenUrl, body = '{}') {
    const t0 = performance.now();
    // Wall clock of Join, to line the adapter's trace (bench/join/server.mjs) up with the page's marks.
    const marks = { t0Wall: performance.timeOrigin + t0 };
    const mark = (name) => (marks[name] ??= performance.now() - t0);
    room = new Room();
    room.on(RoomEvent.ParticipantPermissionsChanged, (_, participant) => {
      if (participant.isLocal && participant.permissions?.canSubscribe) mark('granted');
    });
    const frame = new Promise((resolve) => {
      room.on(RoomEvent.TrackSubscribed, (track) => {
        if (track.kind !== Track.Kind.Video) return;
        mark('subscribed');
        resolve(firstFrame(track));
      });
    });
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const token = await response.json();
    mark('token');
    await room.connect(token.server_url, token.participant_token);
    mark('connected');
    for (const track of tracks) await room.localParticipant.publishTrack(track);
    mark('published');
    mark('frame');
    marks.frame = (await frame) - t0;
    return marks;
  },
  async leave() {
    await room?.disconnect(true);
  },
};
