import type { ConnectProgress } from './first-connect.js';
import type { Role } from './protocol/roles.js';
import type { Visit } from './protocol/visit.js';
import type { VisitError } from './visit-error.js';
import type { EndReason, LobbyReason, VisitState } from './visit-state.js';

/**
 * A media track as the UI needs it. livekit-client's `Track` satisfies this structurally, so elements
 * can attach media without importing LiveKit.
 */
export interface VisitTrack {
  readonly kind: string;
  readonly mediaStreamTrack: MediaStreamTrack;
  attach(element: HTMLMediaElement): HTMLMediaElement;
  detach(element: HTMLMediaElement): HTMLMediaElement;
}

/**
 * End-to-end encryption of one participant's published tracks: `encrypted` (every one of them), `not-encrypted`
 * (at least one is sent in the clear), or `no-tracks` (publishes nothing yet).
 */
export type MediaEncryption = 'encrypted' | 'not-encrypted' | 'no-tracks';

/** Connection quality of one participant, as LiveKit measures it. */
export type ConnectionQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/**
 * Why a participant's picture is not shown although their camera is on: `weak-connection` (a link cannot carry
 * video: LiveKit's SFU paused the stream, or the sender says its uplink is too weak) or `audio-only` (someone
 * chose audio only). `by` says whose link or choice it is: `local` (this device's user) or `remote` (the
 * participant shown). Video comes back by itself when the link recovers or audio only is turned off.
 */
export interface VideoPause {
  readonly reason: 'weak-connection' | 'audio-only';
  readonly by: 'local' | 'remote';
}

/** One person in the visit, local or remote. Hidden monitors are never listed for non-monitors. */
export interface VisitParticipant {
  readonly identity: string;
  /** Display name as set by the server (token `name`). Untrusted text: render as text only. */
  readonly name: string;
  /** Server-set role; `undefined` for a participant without Visitkit attributes. */
  readonly role: Role | undefined;
  readonly isLocal: boolean;
  readonly micEnabled: boolean;
  readonly cameraEnabled: boolean;
  readonly speaking: boolean;
  readonly quality: ConnectionQuality;
  readonly videoTrack: VisitTrack | undefined;
  readonly audioTrack: VisitTrack | undefined;
  /** Whether this participant's published tracks are end-to-end encrypted (privileged visits), as LiveKit reports. */
  readonly e2ee: MediaEncryption;
  /** Why their video is paused, or `undefined` when it is not (or their camera is simply off). */
  readonly videoPaused: VideoPause | undefined;
  /**
   * Remote participants: whether their audio is actually arriving (bytes received grew over the last few
   * seconds); `undefined` for the local participant and while their microphone is off or not received yet.
   */
  readonly audioFlowing: boolean | undefined;
}

/** The kinds of device a user can pick: camera, microphone, speaker. */
export type DeviceKind = 'videoinput' | 'audioinput' | 'audiooutput';

/** Devices a person picked (or a kiosk fixed), as `deviceId`s by kind. */
export type DeviceChoice = { [K in DeviceKind]?: string };

/** The devices that capture (camera and microphone); the speaker is picked apart. */
export type InputDeviceChoice = Pick<DeviceChoice, 'videoinput' | 'audioinput'>;

/** A camera, microphone or speaker the user can choose. */
export interface VisitDevice {
  readonly kind: DeviceKind;
  readonly deviceId: string;
  /** Empty until the user has granted permission once (browsers hide labels before that). */
  readonly label: string;
}

/** Result of the pre-join connectivity check. */
export type ConnectivityStatus = 'unknown' | 'checking' | 'ok' | 'unreachable';

/** Why and how the visit ended. */
export interface VisitEndInfo {
  readonly reason: EndReason;
  /** Staff reason or server message, when one was sent. Untrusted text: render as text only. */
  readonly message?: string;
  /** Milliseconds the local participant was live in the visit. */
  readonly liveDurationMs: number;
  readonly endedAt: Date;
}

/** A time warning: from the server clock (`clock`) or a control message (`server`). */
export interface VisitWarning {
  readonly secondsLeft: number;
  readonly source: 'clock' | 'server';
}

/** A staff or server announcement. `message` is untrusted text: render as text only. */
export interface VisitAnnouncement {
  readonly code: string;
  readonly message?: string;
}

/** Every event a `VisitClient` emits, with its payload. */
export interface VisitClientEvents {
  /** The lifecycle state changed (never fired for a no-op). */
  state: (state: VisitState, previous: VisitState) => void;
  /** Entered or stayed in the lobby for a (new) reason. */
  lobby: (reason: LobbyReason) => void;
  /** The visit (from the token response, then room metadata) is known or changed. */
  visit: (visit: Visit) => void;
  /** Any change to who is in the visit or to their mic, camera, speaking, quality or tracks. */
  participants: (participants: readonly VisitParticipant[]) => void;
  'participant-joined': (participant: VisitParticipant) => void;
  'participant-left': (participant: VisitParticipant) => void;
  /** Available devices changed (plugged, unplugged, labels revealed after permission). */
  devices: (devices: readonly VisitDevice[]) => void;
  /** The local camera/microphone tracks changed (preview started, device switched, camera off). */
  'local-tracks': (tracks: { camera: VisitTrack | undefined; microphone: VisitTrack | undefined }) => void;
  /** About once a second while a start or end time is known: time left on the server clock. */
  time: (time: { untilStartMs: number; timeLeftMs: number }) => void;
  warning: (warning: VisitWarning) => void;
  announcement: (announcement: VisitAnnouncement) => void;
  /** A monitor asked the local participant to mute. */
  'mute-request': (request: { track: 'audio' | 'video' | undefined }) => void;
  /** Remote audio is blocked by autoplay policy (`false`) until `startAudio()` is called from a user gesture. */
  'audio-playback': (allowed: boolean) => void;
  connectivity: (status: ConnectivityStatus) => void;
  /**
   * A join is taking long (`connecting`): which attempt runs and why (`slow`, `interrupted` when LiveKit restarts the
   * connection it was setting up, `retrying` after a failed attempt); `undefined` once the first connect is over.
   */
  'connect-progress': (progress: ConnectProgress | undefined) => void;
  ended: (info: VisitEndInfo) => void;
  error: (error: VisitError) => void;
  /**
   * Privileged visits: LiveKit's encryption worker could not encrypt or decrypt media (a wrong key, a broken
   * worker). Media that fails is dropped, never shown or sent in the clear; `participants[].encrypted` tells
   * what is still encrypted.
   */
  'encryption-error': () => void;
  /** A data message on the control topic was rejected (bad schema or sender not allowed). */
  'protocol-error': (info: { from: string | undefined; reason: string }) => void;
}
