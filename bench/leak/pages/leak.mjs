// 30 join/leave cycles of VisitClient in one page. Every media track and peer connection the page creates
// is recorded, so the runner can count what is still live after the last leave().
import { VisitClient } from '@visitkit/core';

const tracks = new Set();
const peerConnections = new Set();
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config) {
    super(config);
    peerConnections.add(new WeakRef(this));
    this.addEventListener('track', (event) => tracks.add(new WeakRef(event.track)));
  }
};
const nativeGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await nativeGetUserMedia(constraints);
  for (const track of stream.getTracks()) tracks.add(new WeakRef(track));
  return stream;
};
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called as nativeClone.call(track)
const nativeClone = MediaStreamTrack.prototype.clone;
MediaStreamTrack.prototype.clone = function clone() {
  const copy = nativeClone.call(this);
  tracks.add(new WeakRef(copy));
  return copy;
};

const quiet = { debug() {}, info() {}, warn: console.warn, error: console.error };

window.bench = {
  /** One visit: preview, join, wait for the remote video to be decoded, leave. */
  async cycle(tokenUrl, visitId) {
    const client = new VisitClient({ tokenUrl, visitId, logger: quiet });
    await client.startPreview();
    const remoteVideo = new Promise((resolve) => {
      const off = client.on('participants', (participants) => {
        const remote = participants.find((p) => !p.isLocal && p.videoTrack);
        if (!remote) return;
        off();
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        document.body.append(video);
        remote.videoTrack.attach(video);
        video.requestVideoFrameCallback(() => {
          remote.videoTrack.detach(video);
          video.remove();
          resolve();
        });
      });
    });
    await client.join();
    await remoteVideo;
    await client.leave();
    return client.state;
  },
  leftovers() {
    const live = [...tracks].map((ref) => ref.deref()).filter((t) => t && t.readyState === 'live');
    const open = [...peerConnections]
      .map((ref) => ref.deref())
      .filter((pc) => pc && pc.connectionState !== 'closed' && pc.signalingState !== 'closed');
    return {
      liveTracks: live.length,
      openPeerConnections: open.length,
      mediaElements: document.querySelectorAll('audio, video').length,
      tracksSeen: tracks.size,
      peerConnectionsSeen: peerConnections.size,
    };
  },
};
