import { raceAbort } from './abort.js';
import { createLevelMeter, createLocalMedia } from './livekit-room.js';
import type { LocalMediaTrack } from './livekit-room.js';
import { VisitError } from './visit-error.js';
import type { InputDeviceChoice } from './events.js';

type Device = 'camera' | 'microphone';

/** Maps a getUserMedia failure to a typed, retryable `VisitError`. */
export function mediaError(error: unknown, device: Device | 'camera and microphone'): VisitError {
  if (error instanceof VisitError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const single: Device = device === 'camera and microphone' ? 'camera' : device;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return VisitError.permissionDenied(device, error);
    case 'NotFoundError':
    case 'OverconstrainedError':
      return VisitError.deviceNotFound(single, error);
    case 'NotReadableError':
    case 'AbortError':
      return VisitError.deviceInUse(single, error);
    default:
      return new VisitError('device-failed', `The ${device} could not be started.`, { cause: error, retryable: true });
  }
}

function isMissingDevice(error: unknown): boolean {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  return name === 'NotFoundError' || name === 'OverconstrainedError';
}

/**
 * The local camera and microphone, from preview to the end of the visit: acquired once in prejoin
 * (one permission prompt), published as-is on join, stopped on leave. Without a camera the visit
 * continues audio-only.
 *
 * @example
 * const media = new MediaPreview();
 * await media.acquire({ video: true, audio: true }, signal);
 * media.camera?.attach(videoElement);
 */
export class MediaPreview {
  camera: LocalMediaTrack | undefined;
  microphone: LocalMediaTrack | undefined;
  #meter: { level(): number; stop(): void } | undefined;
  #pending: Promise<void> | undefined;
  /** Bumped by `stop()`: tracks that arrive for an older generation are stopped, not kept. */
  #generation = 0;

  /**
   * Acquires whatever is missing. Falls back to audio only when there is no camera. Concurrent calls
   * (a Join pressed while the preview is still starting) share one acquisition, never two cameras.
   */
  async acquire(devices: InputDeviceChoice, signal: AbortSignal): Promise<void> {
    while (this.#pending)
      await raceAbort(
        this.#pending.catch(() => {}),
        signal,
      );
    const pending = this.#acquire(devices, signal);
    this.#pending = pending;
    try {
      await pending;
    } finally {
      if (this.#pending === pending) this.#pending = undefined;
    }
  }

  async #acquire(devices: InputDeviceChoice, signal: AbortSignal): Promise<void> {
    const generation = this.#generation;
    const wantVideo = !this.camera;
    const wantAudio = !this.microphone;
    if (!wantVideo && !wantAudio) return;
    const video = wantVideo ? { deviceId: devices.videoinput } : false;
    const audio = wantAudio ? { deviceId: devices.audioinput } : false;
    let tracks: LocalMediaTrack[];
    try {
      tracks = await this.#create({ video, audio }, signal);
    } catch (error) {
      if (!(wantVideo && wantAudio && isMissingDevice(error))) {
        throw mediaError(error, wantVideo && wantAudio ? 'camera and microphone' : wantVideo ? 'camera' : 'microphone');
      }
      // No camera (or not the chosen one): try the microphone alone, the visit can be audio-only.
      try {
        tracks = await this.#create({ video: false, audio }, signal);
      } catch (audioError) {
        throw mediaError(audioError, 'microphone');
      }
    }
    if (generation !== this.#generation) {
      // Stopped while the browser was still opening the devices.
      for (const track of tracks) track.stop();
      throw VisitError.aborted();
    }
    for (const track of tracks) {
      if (track.kind === 'video') this.camera = track;
      else this.microphone = track;
    }
  }

  async #create(options: Parameters<typeof createLocalMedia>[0], signal: AbortSignal): Promise<LocalMediaTrack[]> {
    const pending = createLocalMedia(options);
    try {
      return await raceAbort(pending, signal);
    } catch (error) {
      // Aborted while the prompt was open: stop whatever arrives later so the camera light goes off.
      if (signal.aborted)
        void pending.then(
          (tracks) => tracks.forEach((t) => t.stop()),
          () => {},
        );
      throw error;
    }
  }

  get tracks(): LocalMediaTrack[] {
    return [this.camera, this.microphone].filter((t): t is LocalMediaTrack => t !== undefined);
  }

  /** Mutes (camera light off) or unmutes one track. Returns false when there is no such track. */
  async setEnabled(kind: 'camera' | 'microphone', enabled: boolean): Promise<boolean> {
    const track = kind === 'camera' ? this.camera : this.microphone;
    if (!track) return false;
    try {
      if (enabled) await track.unmute();
      else await track.mute();
    } catch (error) {
      throw mediaError(error, kind);
    }
    return true;
  }

  async switchDevice(kind: keyof InputDeviceChoice, deviceId: string): Promise<void> {
    const track = kind === 'videoinput' ? this.camera : this.microphone;
    if (!track) return;
    try {
      await track.setDeviceId(deviceId);
    } catch (error) {
      throw mediaError(error, kind === 'videoinput' ? 'camera' : 'microphone');
    }
    if (kind === 'audioinput') this.#stopMeter();
  }

  /** Microphone level 0..1 for the prejoin meter; 0 without a microphone. */
  level(): number {
    if (!this.microphone || this.microphone.isMuted) return 0;
    this.#meter ??= createLevelMeter(this.microphone);
    return this.#meter.level();
  }

  #stopMeter(): void {
    this.#meter?.stop();
    this.#meter = undefined;
  }

  /** Stops every track (camera and microphone lights go off). */
  stop(): void {
    this.#generation += 1;
    this.#stopMeter();
    for (const track of this.tracks) track.stop();
    this.camera = undefined;
    this.microphone = undefined;
  }
}
