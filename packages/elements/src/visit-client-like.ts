import type {
  ConnectivityStatus,
  LobbyReason,
  VisitClientEvents,
  VisitDevice,
  VisitEndInfo,
  VisitError,
  VisitParticipant,
  VisitState,
  VisitTrack,
} from '@visitkit/core';
import type { Consent, Role, Visit } from '@visitkit/core/protocol';

/** Kinds of device a user can pick. */
export type DeviceKind = 'videoinput' | 'audioinput' | 'audiooutput';

/**
 * What the elements need from a `VisitClient` (the agreed surface of `@visitkit/core`). The real
 * `VisitClient` satisfies it structurally; tests and custom integrations may pass anything that does.
 */
export interface VisitClientLike {
  readonly visitId: string;
  readonly state: VisitState;
  readonly visit: Visit | undefined;
  readonly role: Role | undefined;
  readonly identity: string | undefined;
  readonly participants: readonly VisitParticipant[];
  readonly localTracks: { camera: VisitTrack | undefined; microphone: VisitTrack | undefined };
  readonly lobbyReason: LobbyReason | undefined;
  readonly timeLeftMs: number | undefined;
  readonly untilStartMs: number | undefined;
  readonly devices: readonly VisitDevice[];
  readonly selectedDevices: { videoinput?: string; audioinput?: string; audiooutput?: string };
  readonly connectivity: ConnectivityStatus;
  readonly micEnabled: boolean;
  readonly cameraEnabled: boolean;
  readonly audioPlaybackAllowed: boolean;
  readonly endInfo: VisitEndInfo | undefined;
  readonly lastError: VisitError | undefined;
  on<E extends keyof VisitClientEvents>(event: E, listener: VisitClientEvents[E]): () => void;
  off<E extends keyof VisitClientEvents>(event: E, listener: VisitClientEvents[E]): void;
  listDevices(): Promise<readonly VisitDevice[]>;
  startPreview(options?: { signal?: AbortSignal }): Promise<void>;
  stopPreview(): Promise<void>;
  switchDevice(kind: DeviceKind, deviceId: string): Promise<void>;
  setMicrophoneEnabled(enabled: boolean): Promise<void>;
  setCameraEnabled(enabled: boolean): Promise<void>;
  getMicrophoneLevel(): number;
  checkConnectivity(): Promise<ConnectivityStatus>;
  join(options?: { consent?: Consent; signal?: AbortSignal }): Promise<void>;
  startAudio(): Promise<void>;
  leave(): Promise<void>;
}

/** What `<vk-visit>` and `<vk-monitor>` pass when they create a client themselves. */
export interface VisitClientInit {
  visitId: string;
  tokenUrl: string;
  devices?: { videoinput?: string; audioinput?: string };
}

/** Creates the client an element uses when none was given through its `client` property. */
export type VisitClientFactory = (init: VisitClientInit) => VisitClientLike;
