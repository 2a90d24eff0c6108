import { listDevices, sameDevices, watchDevices } from './devices.js';
import type { DeviceChoice, InputDeviceChoice, VisitDevice, VisitTrack } from './events.js';
import type { LocalMediaTrack } from './livekit-room.js';
import { MediaPreview } from './media-preview.js';
import { TypedEmitter } from './typed-emitter.js';

/** Events of {@link LocalMedia}. */
export interface LocalMediaEvents {
  /** The camera or microphone track was created, replaced, muted, unmuted or stopped. */
  'local-tracks': () => void;
  /** The list of cameras, microphones and speakers changed. */
  devices: (devices: readonly VisitDevice[]) => void;
}

/**
 * One person's camera and microphone across preview, visit and recovery: the tracks, the devices they
 * come from, and the mute wishes made before the tracks existed. Errors are `VisitError`s, thrown to the
 * caller; `dispose()` stops the tracks and the device watch.
 *
 * @example
 * const media = new LocalMedia({ audioinput: 'kiosk-mic' });
 * media.events.on('local-tracks', () => render(media.camera));
 * await media.acquire(signal);
 */
export class LocalMedia {
  readonly events = new TypedEmitter<LocalMediaEvents>();
  readonly #preview = new MediaPreview();
  #devices: readonly VisitDevice[] = [];
  #selected: DeviceChoice;
  #micWanted = true;
  #cameraWanted = true;
  #unwatch: (() => void) | undefined;
  #disposed = false;

  constructor(devices: DeviceChoice = {}) {
    this.#selected = { ...devices };
  }

  get camera(): LocalMediaTrack | undefined {
    return this.#preview.camera;
  }
  get microphone(): LocalMediaTrack | undefined {
    return this.#preview.microphone;
  }
  get tracks(): LocalMediaTrack[] {
    return this.#preview.tracks;
  }
  get localTracks(): { camera: VisitTrack | undefined; microphone: VisitTrack | undefined } {
    return { camera: this.camera, microphone: this.microphone };
  }
  get devices(): readonly VisitDevice[] {
    return this.#devices;
  }
  get selected(): DeviceChoice {
    return { ...this.#selected };
  }
  /** From the track itself once there is one: a monitor's server-side mute shows here too. */
  get micEnabled(): boolean {
    const microphone = this.microphone;
    return microphone ? !microphone.isMuted : this.#micWanted;
  }
  /** `false` without a camera (audio-only) or while it is off. */
  get cameraEnabled(): boolean {
    const camera = this.camera;
    return camera ? !camera.isMuted : false;
  }

  /** Lists devices (emitting `devices` on a change) and, from then on, follows plugging and unplugging. */
  async listDevices(): Promise<readonly VisitDevice[]> {
    const devices = await listDevices();
    if (!sameDevices(devices, this.#devices)) {
      this.#devices = devices;
      this.events.emit('devices', devices);
    }
    if (!this.#disposed) this.#unwatch ??= watchDevices(() => void this.listDevices());
    return devices;
  }

  /** Acquires whatever track is missing, applies the mute wishes, emits `local-tracks`. */
  async acquire(signal: AbortSignal): Promise<void> {
    await this.#preview.acquire(this.#selected, signal);
    // Respect a mute chosen before the tracks existed.
    if (!this.#micWanted) void this.#preview.setEnabled('microphone', false).catch(() => {});
    if (!this.#cameraWanted) void this.#preview.setEnabled('camera', false).catch(() => {});
    this.events.emit('local-tracks');
  }

  /** Stops the tracks and emits `local-tracks`. */
  stop(): void {
    this.release();
    this.events.emit('local-tracks');
  }

  /** Stops the tracks silently (LiveKit already stopped them, or the visit is over). */
  release(): void {
    this.#preview.stop();
  }

  async switchDevice(kind: keyof InputDeviceChoice, deviceId: string): Promise<void> {
    this.#selected = { ...this.#selected, [kind]: deviceId };
    await this.#preview.switchDevice(kind, deviceId);
    this.events.emit('local-tracks');
  }

  /** Remembers an audio output choice (the room applies it). */
  selectAudioOutput(deviceId: string): void {
    this.#selected = { ...this.#selected, audiooutput: deviceId };
  }

  async setEnabled(kind: 'camera' | 'microphone', enabled: boolean): Promise<void> {
    if (kind === 'camera') this.#cameraWanted = enabled;
    else this.#micWanted = enabled;
    await this.#preview.setEnabled(kind, enabled);
    this.events.emit('local-tracks');
  }

  /** A monitor may have muted us on the server: keep the wish in line so a re-acquired track agrees. */
  handleRemoteChange(): void {
    this.#micWanted = this.micEnabled;
  }

  /** Microphone level (0..1); 0 while muted. */
  level(): number {
    return this.#micWanted ? this.#preview.level() : 0;
  }

  /** Stops the tracks and the device watch, for good. */
  dispose(): void {
    this.#disposed = true;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.release();
  }
}
