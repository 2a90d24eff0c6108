// A synthetic visit participant on LiveKit's official Node SDK (@livekit/rtc-node, whose native WebRTC library
// ships inside the npm package): it joins with a token, publishes a generated tone as its microphone and a small
// moving picture as its camera, subscribes to whatever it is granted, and reports what happens to it — for
// bench/scale and the cluster fault tests, where a browser per participant would cost too much.
import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
} from '@livekit/rtc-node';

const SAMPLE_RATE = 48_000;
const FRAME_MS = 20;
const WIDTH = 160;
const HEIGHT = 120;
const VIDEO_FPS = 10;

/**
 * @typedef {object} SyntheticParticipant
 * @property {Room} room
 * @property {string} identity
 * @property {Set<string>} subscribed  sids of the remote tracks it receives now
 * @property {number} lastSubscribedAt when it last started receiving a track (ms since the epoch)
 * @property {{ at: number, event: string }[]} timeline  connection events (reconnecting, reconnected, disconnected …), ms since the epoch
 * @property {(count: number, signal?: AbortSignal, since?: number) => Promise<void>} receiving resolves once it receives `count`
 *   remote tracks (with `since`: and started receiving one after that time, e.g. after a reconnection)
 * @property {(event: string, signal?: AbortSignal) => Promise<number>} next resolves with the time of the next such connection event
 * @property {() => Promise<void>} leave stops publishing and disconnects
 */

/**
 * Connects to `url` with `token` and publishes audio (and video unless `video: false`).
 *
 * @param {{ url: string, token: string, identity: string, video?: boolean }} options
 * @returns {Promise<SyntheticParticipant>}
 * @example
 * const maria = await joinSynthetic({ url: response.server_url, token: response.participant_token, identity: 'maria' });
 * await maria.receiving(2); // the resident's camera and microphone
 */
export async function joinSynthetic(options) {
  const { url, token, identity, video = true } = options;
  const room = new Room();
  /** @type {Set<string>} */
  const subscribed = new Set();
  /** @type {{ at: number, event: string }[]} */
  const timeline = [];
  /** @type {Set<() => void>} */
  const waiters = new Set();
  const changed = () => {
    for (const waiter of waiters) waiter();
  };
  let lastSubscribedAt = 0;
  room.on(RoomEvent.TrackSubscribed, (track) => {
    subscribed.add(track.sid ?? '');
    lastSubscribedAt = Date.now();
    changed();
  });
  room.on(RoomEvent.TrackUnsubscribed, (track) => {
    subscribed.delete(track.sid ?? '');
    changed();
  });
  for (const event of [RoomEvent.Reconnecting, RoomEvent.Reconnected, RoomEvent.Disconnected, RoomEvent.Moved]) {
    room.on(event, () => {
      timeline.push({ at: Date.now(), event });
      changed();
    });
  }
  await room.connect(url, token, { autoSubscribe: true, dynacast: false });
  timeline.push({ at: Date.now(), event: 'connected' });

  const audio = new AudioSource(SAMPLE_RATE, 1);
  const microphone = LocalAudioTrack.createAudioTrack('microphone', audio);
  await room.localParticipant?.publishTrack(
    microphone,
    new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }),
  );
  const samples = (SAMPLE_RATE * FRAME_MS) / 1000;
  let phase = 0;
  let stopped = false;
  const audioTimer = setInterval(() => {
    const data = new Int16Array(samples);
    for (let i = 0; i < samples; i += 1)
      data[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (phase + i)) / SAMPLE_RATE));
    phase += samples;
    if (!stopped) void audio.captureFrame(new AudioFrame(data, SAMPLE_RATE, 1, samples)).catch(() => {});
  }, FRAME_MS);

  /** @type {ReturnType<typeof setInterval> | undefined} */
  let videoTimer;
  if (video) {
    const camera = new VideoSource(WIDTH, HEIGHT);
    const track = LocalVideoTrack.createVideoTrack('camera', camera);
    await room.localParticipant?.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA }));
    let frame = 0;
    videoTimer = setInterval(() => {
      const rgba = new Uint8Array(WIDTH * HEIGHT * 4);
      // A bar that moves, so the encoder has something to send every frame.
      const bar = (frame * 4) % WIDTH;
      for (let y = 0; y < HEIGHT; y += 1) {
        for (let x = 0; x < WIDTH; x += 1) {
          const o = (y * WIDTH + x) * 4;
          rgba[o] = Math.abs(x - bar) < 8 ? 255 : 40;
          rgba[o + 1] = 80;
          rgba[o + 2] = (y * 2) & 255;
          rgba[o + 3] = 255;
        }
      }
      frame += 1;
      if (stopped) return;
      try {
        camera.captureFrame(new VideoFrame(rgba, WIDTH, HEIGHT, VideoBufferType.RGBA));
      } catch (error) {
        // The native side dropped the source (seen under overload: "trying to drop an invalid handle"): this
        // participant stops sending video, which its peer notices; the process must not die of it.
        clearInterval(videoTimer);
        timeline.push({
          at: Date.now(),
          event: `video-failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }, 1000 / VIDEO_FPS);
  }

  /**
   * @template T
   * @param {() => T | undefined} check
   * @param {AbortSignal | undefined} signal
   * @returns {Promise<T>}
   */
  const until = (check, signal) =>
    new Promise((resolveWait, reject) => {
      const done = () => {
        const value = check();
        if (value === undefined) return;
        waiters.delete(done);
        resolveWait(value);
      };
      signal?.addEventListener('abort', () => {
        waiters.delete(done);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      });
      waiters.add(done);
      done();
    });

  return {
    room,
    identity,
    subscribed,
    timeline,
    get lastSubscribedAt() {
      return lastSubscribedAt;
    },
    receiving: (count, signal, since = 0) =>
      until(() => (subscribed.size >= count && lastSubscribedAt > since ? true : undefined), signal).then(
        () => undefined,
      ),
    next: (event, signal) => {
      const from = timeline.length;
      return until(() => timeline.slice(from).find((entry) => entry.event === event)?.at, signal);
    },
    leave: async () => {
      stopped = true;
      clearInterval(audioTimer);
      clearInterval(videoTimer);
      await room.disconnect();
    },
  };
}
