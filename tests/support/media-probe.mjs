// What a page actually decodes from a video and an audio track: a small grey-level thumbnail of the picture and
// the loudest frequency of each loud moment of the sound. Used to tell intelligible media (the fake camera's picture, the fake microphone's beep)
// from what an eavesdropper decodes out of end-to-end encrypted frames.

/**
 * @typedef {{ frames: number, thumbnail: number[] | null, peaks: number[], level: number }} MediaProbe
 *   `frames`: frames decoded while probing; `thumbnail`: 32×18 grey levels (0..255) of the last frame, null when
 *   no frame was decoded; `peaks`: the loudest frequency (Hz) of each loud moment (a beep keeps one frequency, noise
 *   wanders); `level`: the loudest RMS seen (0..1).
 */

/**
 * In-page: probes two MediaStreamTracks for about `ms` milliseconds. Passed to `page.evaluate` as a string by
 * {@link probeTracks}, so it must not use anything from this module.
 * @param {MediaStreamTrack | undefined} video
 * @param {MediaStreamTrack | undefined} audio
 * @param {number} ms
 * @returns {Promise<MediaProbe>}
 */
async function probeInPage(video, audio, ms) {
  const el = document.createElement('video');
  el.muted = true;
  el.playsInline = true;
  let frames = 0;
  if (video) {
    el.srcObject = new MediaStream([video]);
    const count = () => {
      frames += 1;
      el.requestVideoFrameCallback(count);
    };
    el.requestVideoFrameCallback(count);
    await el.play().catch(() => undefined);
  }
  const peaks = [];
  let level = 0;
  let context;
  let sampling;
  if (audio) {
    // Chromium feeds a remote WebRTC track to Web Audio only while a media element plays it too.
    const sink = new Audio();
    sink.muted = true;
    sink.srcObject = new MediaStream([audio]);
    await sink.play().catch(() => undefined);
    context = new AudioContext();
    await context.resume().catch(() => undefined);
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(new MediaStream([audio])).connect(analyser);
    const spectrum = new Float32Array(analyser.frequencyBinCount);
    const wave = new Float32Array(analyser.fftSize);
    sampling = setInterval(() => {
      analyser.getFloatTimeDomainData(wave);
      const rms = Math.sqrt(wave.reduce((sum, v) => sum + v * v, 0) / wave.length);
      level = Math.max(level, rms);
      if (rms < 0.01) return;
      analyser.getFloatFrequencyData(spectrum);
      let peak = 0;
      for (let i = 1; i < spectrum.length; i++) if (spectrum[i] > spectrum[peak]) peak = i;
      peaks.push(Math.round((peak * context.sampleRate) / analyser.fftSize));
    }, 20);
  }
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (sampling) clearInterval(sampling);
  await context?.close();
  let thumbnail = null;
  if (video && el.videoWidth > 0 && frames > 0) {
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 18;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    g.drawImage(el, 0, 0, 32, 18);
    const { data } = g.getImageData(0, 0, 32, 18);
    thumbnail = [];
    for (let i = 0; i < data.length; i += 4)
      thumbnail.push(Math.round(0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]));
  }
  el.srcObject = null;
  return { frames, thumbnail, peaks, level };
}

/**
 * Probes the tracks that `pick` (an in-page expression returning `{ video, audio }` MediaStreamTracks) selects.
 * @param {import('playwright-core').Page} page
 * @param {string} pick  e.g. `window.eavesdropper.tracks()`
 * @param {number} [ms]
 * @returns {Promise<MediaProbe>}
 */
export function probeTracks(page, pick, ms = 3000) {
  return page.evaluate(
    `(async () => { const { video, audio } = await (${pick}); return (${probeInPage.toString()})(video, audio, ${ms}); })()`,
  );
}

/** The remote party's tracks as a `<vk-visit>` client holds them (an expression for {@link probeTracks}). */
export const WIDGET_REMOTE_TRACKS = `(() => {
  const other = document.querySelector('vk-visit').client.participants.find((p) => !p.isLocal);
  return { video: other?.videoTrack?.mediaStreamTrack, audio: other?.audioTrack?.mediaStreamTrack };
})()`;

/** The page's own fake camera and microphone, captured afresh (an expression for {@link probeTracks}). */
export const FAKE_DEVICE_TRACKS = `navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: true })
  .then((s) => ({ video: s.getVideoTracks()[0], audio: s.getAudioTracks()[0] }))`;

/** The most frequent of `peaks` (Hz), or undefined when there are none. */
export function dominantFrequency(peaks) {
  const counts = new Map();
  for (const hz of peaks) counts.set(hz, (counts.get(hz) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Share (0..1) of `peaks` within `toleranceHz` of `hz`; 0 when there are none. */
export function shareNear(peaks, hz, toleranceHz = 50) {
  if (peaks.length === 0 || hz === undefined) return 0;
  return peaks.filter((p) => Math.abs(p - hz) <= toleranceHz).length / peaks.length;
}

/** Mean absolute difference of two thumbnails (0..255); Infinity when either is missing. */
export function pictureDistance(a, b) {
  if (!a || !b || a.length !== b.length) return Infinity;
  return a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
}
