// Resolves with performance.now() at the first decoded frame of a remote video track.
export function firstFrame(track) {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  document.body.append(video);
  track.attach(video);
  return new Promise((resolve) => {
    video.requestVideoFrameCallback(() => resolve(performance.now()));
  });
}
