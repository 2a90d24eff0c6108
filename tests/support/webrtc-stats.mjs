// What a page receives, read from WebRTC's own statistics, whatever made the call (the widget, VisitClient or a raw
// livekit-client page). `installStatsProbe(page)` before the page loads; then `page.evaluate(readReceived)` and
// `page.evaluate(sampleReceived, { seconds, everyMs })`. Init scripts run whatever the page's CSP says.

/**
 * @param {import('playwright-core').Page} page
 */
export async function installStatsProbe(page) {
  await page.addInitScript({
    content: `(${capturePeerConnections.toString()})(); window.__readReceived = ${readReceived.toString()};`,
  });
}

/** Init script: remembers every RTCPeerConnection the page makes, in `window.__peerConnections`. */
function capturePeerConnections() {
  const Native = window.RTCPeerConnection;
  /** @type {RTCPeerConnection[]} */
  const all = [];
  Object.defineProperty(window, '__peerConnections', { value: all });
  window.RTCPeerConnection = class extends Native {
    /** @param {ConstructorParameters<typeof RTCPeerConnection>} args */
    constructor(...args) {
      super(...args);
      all.push(this);
    }
  };
}

/**
 * In the page: totals over every connection — audio samples played from real packets (not concealment), video
 * frames decoded and the current frame size, and the selected ICE pair (remote address, RTT in seconds).
 * @returns {Promise<{ audioSamples: number, audioBytes: number, videoFrames: number, width: number, height: number, remote?: string, rtt?: number }>}
 */
export async function readReceived() {
  const totals = {
    audioSamples: 0,
    audioBytes: 0,
    videoFrames: 0,
    width: 0,
    height: 0,
    remote: undefined,
    rtt: undefined,
  };
  for (const pc of /** @type {RTCPeerConnection[]} */ (window.__peerConnections ?? [])) {
    if (pc.connectionState === 'closed') continue;
    const stats = await pc.getStats();
    stats.forEach((entry) => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
        totals.audioSamples += (entry.totalSamplesReceived ?? 0) - (entry.concealedSamples ?? 0);
        totals.audioBytes += entry.bytesReceived ?? 0;
      }
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
        totals.videoFrames += entry.framesDecoded ?? 0;
        if ((entry.frameWidth ?? 0) * (entry.frameHeight ?? 0) > totals.width * totals.height) {
          totals.width = entry.frameWidth;
          totals.height = entry.frameHeight;
        }
      }
      if (
        entry.type === 'candidate-pair' &&
        entry.nominated &&
        entry.state === 'succeeded' &&
        entry.currentRoundTripTime !== undefined
      ) {
        const remote = stats.get(entry.remoteCandidateId);
        if (remote && (entry.bytesReceived ?? 0) > 0) {
          totals.remote = `${remote.address}:${remote.port}`;
          totals.rtt = entry.currentRoundTripTime;
        }
      }
    });
  }
  return totals;
}

/**
 * In the page: samples `readReceived` every `everyMs` for `seconds` and returns the share of samples with audio
 * flowing (real samples played since the last one), the mean video frame rate, and the frame size seen most often.
 * @param {{ seconds: number, everyMs: number }} options
 */
export async function sampleReceived({ seconds, everyMs }) {
  const read = /** @type {() => ReturnType<typeof readReceived>} */ (window.__readReceived);
  const samples = [];
  let previous = await read();
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    const now = await read();
    samples.push({
      audio: now.audioSamples > previous.audioSamples,
      frames: now.videoFrames - previous.videoFrames,
      size: `${now.width}x${now.height}`,
    });
    previous = now;
  }
  const elapsed = (performance.now() - started) / 1000;
  const sizes = new Map();
  for (const sample of samples) sizes.set(sample.size, (sizes.get(sample.size) ?? 0) + 1);
  return {
    audioFlowingPercent: (100 * samples.filter((sample) => sample.audio).length) / Math.max(1, samples.length),
    videoFps: samples.reduce((sum, sample) => sum + sample.frames, 0) / elapsed,
    resolution: [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '0x0',
  };
}

/**
 * In the page: from the mark `window.__joinMark` (a `performance.now()` the caller set just before pressing Join),
 * ms to the first real remote audio sample and the first decoded remote video frame. Polls every 20 ms.
 * @param {{ timeoutMs: number }} options
 */
export async function timeToFirstReceived({ timeoutMs }) {
  const read = /** @type {() => ReturnType<typeof readReceived>} */ (window.__readReceived);
  const mark = /** @type {number} */ (window.__joinMark);
  /** @type {{ audioMs?: number, videoMs?: number }} */
  const result = {};
  while (performance.now() - mark < timeoutMs && (result.audioMs === undefined || result.videoMs === undefined)) {
    const now = await read();
    const at = performance.now() - mark;
    if (result.audioMs === undefined && now.audioSamples > 0) result.audioMs = at;
    if (result.videoMs === undefined && now.videoFrames > 0) result.videoMs = at;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return result;
}
