import type {
  ConnectProgress,
  ConnectivityStatus,
  DeviceChoice,
  LobbyReason,
  VisitClientEvents,
  VisitDevice,
  VisitEndInfo,
  VisitParticipant,
  VisitState,
  VisitTrack,
} from '@visitkit/core';
import { VisitError, canTransition } from '@visitkit/core';
import type { Consent, Role, Visit } from '@visitkit/core/protocol';
import type { DeviceKind, VisitClientLike } from '../visit-client-like.js';

import { openVisit } from '../../../core/src/test-support/fixtures.js';

type Listener = (...args: never[]) => void;

/** A real video track from a canvas, wrapped like livekit-client's `Track`. */
export function canvasTrack(color = '#3b82f6'): VisitTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 90;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 160, 90);
  }
  const track = canvas.captureStream(5).getVideoTracks()[0];
  if (!track) throw new Error('canvas.captureStream gave no track');
  return {
    kind: 'video',
    mediaStreamTrack: track,
    attach(element) {
      element.srcObject = new MediaStream([track]);
      return element;
    },
    detach(element) {
      element.srcObject = null;
      return element;
    },
  };
}

/** A visit as the token route would return it, starting now and lasting 30 minutes. */
export function sampleVisit(overrides: Partial<Visit> = {}): Visit {
  return openVisit('visit-1', { recorded: true, monitored: true, ...overrides });
}

/** A participant with sensible defaults. */
export function participant(overrides: Partial<VisitParticipant> & { identity: string }): VisitParticipant {
  return {
    name: overrides.identity,
    role: 'visitor',
    isLocal: false,
    micEnabled: true,
    cameraEnabled: true,
    speaking: false,
    quality: 'good',
    videoTrack: undefined,
    audioTrack: undefined,
    e2ee: 'no-tracks',
    videoPaused: undefined,
    audioFlowing: undefined,
    ...overrides,
  };
}

/** What the fake was asked to do, in order. */
export type FakeCall =
  | { method: 'startPreview' | 'stopPreview' | 'leave' | 'startAudio' | 'checkConnectivity' }
  | { method: 'join'; consent: Consent | undefined }
  | { method: 'switchDevice'; kind: DeviceKind; deviceId: string }
  | { method: 'setMicrophoneEnabled' | 'setCameraEnabled' | 'setAudioOnly'; enabled: boolean };

/**
 * A scriptable stand-in for `VisitClient` with the same surface: tests set its state and emit its
 * events to drive every screen, and read `calls` to see what the elements asked for.
 */
export class FakeVisitClient implements VisitClientLike {
  readonly visitId: string;
  state: VisitState = 'idle';
  visit: Visit | undefined;
  role: Role | undefined = 'visitor';
  identity: string | undefined = 'me';
  participants: readonly VisitParticipant[] = [];
  localTracks: { camera: VisitTrack | undefined; microphone: VisitTrack | undefined } = {
    camera: undefined,
    microphone: undefined,
  };
  lobbyReason: LobbyReason | undefined;
  timeLeftMs: number | undefined;
  untilStartMs: number | undefined;
  devices: readonly VisitDevice[] = [
    { kind: 'videoinput', deviceId: 'cam-1', label: 'Front camera' },
    { kind: 'videoinput', deviceId: 'cam-2', label: '' },
    { kind: 'audioinput', deviceId: 'mic-1', label: 'Built-in microphone' },
  ];
  selectedDevices: DeviceChoice = {
    videoinput: 'cam-1',
    audioinput: 'mic-1',
  };
  connectivity: ConnectivityStatus = 'unknown';
  connectProgress: ConnectProgress | undefined;
  micEnabled = true;
  cameraEnabled = true;
  audioOnly = false;
  audioPlaybackAllowed = true;
  endInfo: VisitEndInfo | undefined;
  lastError: VisitError | undefined;
  micLevel = 0.4;
  /** What `checkConnectivity()` finds (after `checking`). */
  connectivityResult: 'ok' | 'unreachable' = 'ok';
  /** When set, `join()` fails with it (and the fake moves to `failed`). */
  joinError: VisitError | undefined;
  /** When set, `startPreview()` fails with it. */
  previewError: VisitError | undefined;
  readonly calls: FakeCall[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(visitId = 'visit-1') {
    this.visitId = visitId;
  }

  on<E extends keyof VisitClientEvents>(event: E, listener: VisitClientEvents[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<E extends keyof VisitClientEvents>(event: E, listener: VisitClientEvents[E]): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** Number of listeners currently subscribed (to check elements unsubscribe). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }

  emit<E extends keyof VisitClientEvents>(event: E, ...args: Parameters<VisitClientEvents[E]>): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      (listener as unknown as (...a: Parameters<VisitClientEvents[E]>) => void)(...args);
    }
  }

  /**
   * Moves to `state` and emits `state`, as the real client does: a no-op is ignored, and a move the real
   * transition table (`canTransition`) refuses throws, so no test drives a lifecycle the client never has.
   * Leaving `connecting` ends its progress first (`connect-progress` with `undefined`), as the real client does.
   */
  setState(state: VisitState): void {
    if (state === this.state) return;
    const previous = this.state;
    if (!canTransition(previous, state))
      throw new Error(`FakeVisitClient: the real client never goes ${previous} -> ${state}`);
    if (previous === 'connecting' && this.connectProgress) this.setConnectProgress(undefined);
    this.state = state;
    this.emit('state', state, previous);
  }

  /** Reports a long first connect (or its end, `undefined`), as the real client does in `connecting`. */
  setConnectProgress(progress: ConnectProgress | undefined): void {
    this.connectProgress = progress;
    this.emit('connect-progress', progress);
  }

  setParticipants(participants: readonly VisitParticipant[]): void {
    this.participants = participants;
    this.emit('participants', participants);
  }

  setVisit(visit: Visit): void {
    this.visit = visit;
    this.emit('visit', visit);
  }

  fail(error: VisitError): void {
    this.lastError = error;
    this.emit('error', error);
    this.setState('failed');
  }

  end(info: Partial<VisitEndInfo> = {}): void {
    this.endInfo = { reason: 'left', liveDurationMs: 0, endedAt: new Date(), ...info };
    this.setState('ended');
    this.emit('ended', this.endInfo);
  }

  async listDevices(): Promise<readonly VisitDevice[]> {
    return this.devices;
  }

  async startPreview(): Promise<void> {
    this.calls.push({ method: 'startPreview' });
    if (this.state !== 'prejoin' && !canTransition(this.state, 'prejoin'))
      throw VisitError.invalidState('start the preview', this.state);
    if (this.previewError) {
      this.fail(this.previewError);
      throw this.previewError;
    }
    this.localTracks = { camera: canvasTrack(), microphone: undefined };
    this.emit('local-tracks', this.localTracks);
    this.setState('prejoin');
  }

  async stopPreview(): Promise<void> {
    this.calls.push({ method: 'stopPreview' });
    if (this.state !== 'prejoin') return;
    this.localTracks = { camera: undefined, microphone: undefined };
    this.emit('local-tracks', this.localTracks);
    this.setState('idle');
  }

  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.calls.push({ method: 'switchDevice', kind, deviceId });
    this.selectedDevices = { ...this.selectedDevices, [kind]: deviceId };
    this.emit('devices', this.devices);
  }

  async setMicrophoneEnabled(enabled: boolean): Promise<void> {
    this.calls.push({ method: 'setMicrophoneEnabled', enabled });
    this.micEnabled = enabled;
    this.emit('participants', this.participants);
  }

  async setCameraEnabled(enabled: boolean): Promise<void> {
    this.calls.push({ method: 'setCameraEnabled', enabled });
    this.cameraEnabled = enabled;
    this.emit('participants', this.participants);
  }

  async setAudioOnly(on: boolean): Promise<void> {
    this.calls.push({ method: 'setAudioOnly', enabled: on });
    this.audioOnly = on;
    this.cameraEnabled = !on;
    this.emit('participants', this.participants);
  }

  getMicrophoneLevel(): number {
    return this.micLevel;
  }

  async checkConnectivity(): Promise<ConnectivityStatus> {
    this.calls.push({ method: 'checkConnectivity' });
    for (const status of ['checking', this.connectivityResult] as const) {
      if (this.connectivity === status) continue;
      this.connectivity = status;
      this.emit('connectivity', status);
    }
    return this.connectivityResult;
  }

  async join(options: { consent?: Consent } = {}): Promise<void> {
    this.calls.push({ method: 'join', consent: options.consent });
    if (this.state !== 'idle' && this.state !== 'prejoin' && this.state !== 'failed')
      throw VisitError.invalidState('join', this.state);
    this.setState('connecting');
    if (this.joinError) {
      this.fail(this.joinError);
      throw this.joinError;
    }
  }

  async startAudio(): Promise<void> {
    this.calls.push({ method: 'startAudio' });
    this.audioPlaybackAllowed = true;
    this.emit('audio-playback', true);
  }

  async leave(): Promise<void> {
    this.calls.push({ method: 'leave' });
    if (this.state === 'ended') return;
    this.end({ reason: 'left' });
  }
}

/** Shortcut used by tests: a VisitError with a code. */
export const visitError = (code: VisitError['code'], message: string = code) => new VisitError(code, message);
