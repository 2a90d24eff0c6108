// A page that joins a LiveKit room with nothing but livekit-client: the e2e smoke test drives it through
// `window.smoke`, and benchmarks use it as the raw baseline the widget is compared with.
import { Room, RoomEvent, Track } from '/livekit-client.esm.mjs';

const status = document.getElementById('status');
const media = document.getElementById('media');

/** What this page has received from each remote participant: `{ [identity]: { video?, audio? } }`. */
const remote = {};
let room;

function setStatus(text) {
  status.textContent = text;
}

function onTrackSubscribed(track, _publication, participant) {
  const element = track.attach();
  element.dataset.identity = participant.identity;
  element.dataset.kind = track.kind;
  media.append(element);
  remote[participant.identity] ??= {};
  remote[participant.identity][track.kind] = { track, element };
}

function onTrackUnsubscribed(track, _publication, participant) {
  for (const element of track.detach()) element.remove();
  if (remote[participant.identity]) delete remote[participant.identity][track.kind];
}

/**
 * Resolves after `count` more video frames were presented by `video`, with the frame metadata seen; after
 * `timeoutMs` resolves with what it saw so far (the test then reports frames that do not advance).
 */
function framesPresented(video, count, timeoutMs) {
  return new Promise((resolve) => {
    let first;
    let last;
    const timer = setTimeout(() => resolve({ first, last, timedOut: true }), timeoutMs);
    const onFrame = (_now, metadata) => {
      first ??= metadata.presentedFrames;
      last = metadata.presentedFrames;
      if (metadata.presentedFrames - first >= count) {
        clearTimeout(timer);
        resolve({ first, last: metadata.presentedFrames, width: metadata.width, height: metadata.height });
      } else {
        video.requestVideoFrameCallback(onFrame);
      }
    };
    video.requestVideoFrameCallback(onFrame);
  });
}

async function inboundAudio(track) {
  const report = await track.getRTCStatsReport();
  for (const stats of report?.values() ?? []) {
    if (stats.type === 'inbound-rtp' && stats.kind === 'audio') {
      return {
        bytesReceived: stats.bytesReceived ?? 0,
        packetsReceived: stats.packetsReceived ?? 0,
        totalAudioEnergy: stats.totalAudioEnergy ?? 0,
      };
    }
  }
  return { bytesReceived: 0, packetsReceived: 0, totalAudioEnergy: 0 };
}

window.smoke = {
  /** Joins `url` with `token`, publishing the (fake) camera and microphone unless told not to. */
  async join(url, token, { camera = true, microphone = true } = {}) {
    setStatus('connecting');
    room = new Room();
    room.on(RoomEvent.TrackSubscribed, onTrackSubscribed).on(RoomEvent.TrackUnsubscribed, onTrackUnsubscribed);
    room.on(RoomEvent.Disconnected, () => setStatus('disconnected'));
    await room.connect(url, token);
    if (camera) await room.localParticipant.setCameraEnabled(true);
    if (microphone) await room.localParticipant.setMicrophoneEnabled(true);
    setStatus('connected');
    return { identity: room.localParticipant.identity, room: room.name };
  },

  /** Which kinds of track this page receives from `identity` right now. */
  receiving(identity) {
    return Object.keys(remote[identity] ?? {}).sort();
  },

  /** Video from `identity`: its size and proof that frames keep being decoded and presented. */
  async video(identity, frames = 10, timeoutMs = 20_000) {
    const { element, track } = remote[identity]?.video ?? {};
    if (!element) throw new Error(`no video from ${identity}`);
    const presented = await framesPresented(element, frames, timeoutMs);
    return {
      ...presented,
      videoWidth: element.videoWidth,
      videoHeight: element.videoHeight,
      readyState: track.mediaStreamTrack.readyState,
    };
  },

  /** Audio from `identity`: track state and inbound RTP counters sampled `gapMs` apart. */
  async audio(identity, gapMs = 1500) {
    const { track, element } = remote[identity]?.audio ?? {};
    if (!track) throw new Error(`no audio from ${identity}`);
    const before = await inboundAudio(track);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    const after = await inboundAudio(track);
    return {
      before,
      after,
      readyState: track.mediaStreamTrack.readyState,
      muted: track.mediaStreamTrack.muted,
      paused: element.paused,
    };
  },

  /** Mutes (or unmutes) this page's own camera or microphone track, keeping it published. */
  async mute(kind, muted = true) {
    const source = kind === 'video' ? Track.Source.Camera : Track.Source.Microphone;
    const publication = room.localParticipant.getTrackPublication(source);
    await (muted ? publication?.mute() : publication?.unmute());
  },

  /** Leaves the room and stops local tracks. */
  async leave() {
    await room?.disconnect(true);
  },
};
setStatus('ready');
