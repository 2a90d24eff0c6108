// Helpers shared by the two measured pages.

/** Resolves at the first decoded frame of `video`. */
export function whenFirstFrame(video) {
  return new Promise((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now())));
}

/** Frames the element has presented so far (0 when there is none). */
export function framesOf(video) {
  return video?.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
}

/** How many of `elements` are in the document and playing. */
export function playing(elements = []) {
  return elements.filter((e) => e.isConnected && !e.paused).length;
}
