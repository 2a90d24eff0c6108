import type { DeviceKind, InputDeviceChoice, VisitClient } from '@visitkit/core';

/** Kinds of device a user can pick (`@visitkit/core`'s `DeviceKind`). */
export type { DeviceKind };

/**
 * What the elements need from a `VisitClient`: its public surface, derived from the class itself so the two
 * cannot drift. The real `VisitClient` is one; tests and custom integrations may pass anything with the same
 * members.
 */
export type VisitClientLike = Pick<
  VisitClient,
  | 'visitId'
  | 'state'
  | 'visit'
  | 'role'
  | 'identity'
  | 'participants'
  | 'localTracks'
  | 'lobbyReason'
  | 'timeLeftMs'
  | 'untilStartMs'
  | 'devices'
  | 'selectedDevices'
  | 'connectivity'
  | 'connectProgress'
  | 'micEnabled'
  | 'cameraEnabled'
  | 'audioOnly'
  | 'audioPlaybackAllowed'
  | 'endInfo'
  | 'lastError'
  | 'on'
  | 'off'
  | 'listDevices'
  | 'startPreview'
  | 'stopPreview'
  | 'switchDevice'
  | 'setMicrophoneEnabled'
  | 'setCameraEnabled'
  | 'setAudioOnly'
  | 'getMicrophoneLevel'
  | 'checkConnectivity'
  | 'join'
  | 'startAudio'
  | 'leave'
>;

/** What `<vk-visit>` and `<vk-monitor>` pass when they create a client themselves. */
export interface VisitClientInit {
  visitId: string;
  tokenUrl: string;
  devices?: InputDeviceChoice;
}

/** Creates the client an element uses when none was given through its `client` property. */
export type VisitClientFactory = (init: VisitClientInit) => VisitClientLike;
