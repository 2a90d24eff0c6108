// The baseline: a raw livekit-client page doing what the widget does in a visit — remote video big, own camera
// as a small self view, remote audio played — with the same media settings VisitClient uses (360p capture,
// VP8 360p + 180p simulcast, adaptive stream, dynacast, audio processing on), so the two pages encode and
// decode the same and the difference is the SDK + UI layer.
import { Room, RoomEvent, Track, VideoPresets, createLocalTracks } from 'livekit-client';
import { playing, whenFirstFrame } from './video-stats.mjs';

const CAPTURE = VideoPresets.h360.resolution;
const AUDIO = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

const stage = document.createElement('div');
stage.style.cssText = 'position:relative;width:960px;height:540px;background:#000';
document.body.append(stage);

let room;
let remoteVideo;
/** @type {Promise<import('livekit-client').LocalTrack[]> | undefined} */
let preview;
window.bench = {
  /** Takes camera and microphone before Join, as a pre-join screen does (bench/network; bench/cpu does not). */
  prepare() {
    preview ??= createLocalTracks({ audio: AUDIO, video: { resolution: CAPTURE } });
    return preview.then(() => true);
  },
  async join(tokenUrl) {
    room = new Room({
      adaptiveStream: { pauseVideoInBackground: false },
      dynacast: true,
      publishDefaults: {
        simulcast: true,
        videoCodec: 'vp8',
        videoEncoding: VideoPresets.h360.encoding,
        videoSimulcastLayers: [VideoPresets.h180],
        dtx: true,
        red: true,
      },
      videoCaptureDefaults: { resolution: CAPTURE },
      audioCaptureDefaults: AUDIO,
    });
    const frame = new Promise((resolve) => {
      room.on(RoomEvent.TrackSubscribed, (track) => {
        if (track.kind === Track.Kind.Audio) {
          document.body.append(track.attach());
          return;
        }
        if (track.kind !== Track.Kind.Video) return;
        remoteVideo = track.attach();
        remoteVideo.muted = true;
        remoteVideo.style.cssText = 'width:100%;height:100%;object-fit:contain';
        stage.append(remoteVideo);
        resolve(whenFirstFrame(remoteVideo));
      });
    });
    const tracks = await (preview ?? createLocalTracks({ audio: AUDIO, video: { resolution: CAPTURE } }));
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const token = await response.json();
    await room.connect(token.server_url, token.participant_token);
    for (const track of tracks) await room.localParticipant.publishTrack(track);
    const self = tracks.find((t) => t.kind === Track.Kind.Video).attach();
    self.muted = true;
    self.style.cssText =
      'position:absolute;right:12px;bottom:12px;width:240px;height:135px;object-fit:cover;transform:scaleX(-1)';
    stage.append(self);
    await frame;
    return true;
  },
  /** The remote video element and how many self views play on the page (of how many attached). */
  videos: () => {
    const self = room?.localParticipant.getTrackPublication(Track.Source.Camera)?.track?.attachedElements;
    return { remote: remoteVideo, selfViews: playing(self), selfAttached: self?.length ?? 0 };
  },
  async leave() {
    await room?.disconnect(true);
  },
};
