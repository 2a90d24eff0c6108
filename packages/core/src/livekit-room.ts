/**
 * The one module that imports livekit-client. Everything else in core talks to this thin adapter, so the
 * LiveKit surface we depend on is visible in one screen and can be faked in tests.
 */
import {
  ConnectionError,
  ConnectionErrorReason,
  ConnectionQuality as LkConnectionQuality,
  ConnectionState,
  DisconnectReason,
  Room,
  RoomEvent,
  Track,
  VideoPresets,
  createAudioAnalyser,
  createLocalTracks,
} from 'livekit-client';
import type {
  E2EEManagerOptions,
  LocalTrack,
  Participant,
  RemoteParticipant,
  TrackPublishDefaults,
} from 'livekit-client';
import type { ConnectionQuality, MediaEncryption, VisitParticipant, VisitTrack } from './events.js';
import { TypedEmitter } from './typed-emitter.js';
import type { MediaSample } from './media-health.js';

/** A camera or microphone track we own: LiveKit's `LocalTrack` satisfies this structurally. */
export interface LocalMediaTrack extends VisitTrack {
  readonly isMuted: boolean;
  mute(): Promise<unknown>;
  unmute(): Promise<unknown>;
  stop(): void;
  setDeviceId(deviceId: string): Promise<boolean>;
  getDeviceId(): Promise<string | undefined>;
}

/** What a participant looks like to participants.ts (no LiveKit types leak out). */
export interface RoomParticipant extends Omit<VisitParticipant, 'role' | 'videoPaused' | 'audioFlowing'> {
  /** Server-set attributes; participants.ts derives the role from them. */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * A remote camera this device subscribes to whose stream LiveKit's SFU has paused (the link cannot carry
   * it: livekit-client's `Track.streamState` is `paused`); always `false` for the local participant.
   */
  readonly videoStreamPaused: boolean;
}

/**
 * Who sent a data packet, as LiveKit says. LiveKit's SFU overwrites the sender identity of every packet a
 * participant publishes (clients cannot forge it); packets the server sends with RoomService.sendData carry
 * none, and neither do those of a hidden participant (LiveKit blanks them: in Visitkit only monitors are hidden).
 */
export interface DataSender {
  /** The identity LiveKit stamped on the packet; `undefined` when it carries none. */
  readonly identity: string | undefined;
  /**
   * That participant as this room knows it when the packet arrives; `undefined` when the packet carries no
   * identity, or the sender already left or is not known yet.
   */
  readonly participant: RoomParticipant | undefined;
}

/** Why LiveKit closed the connection, in our terms. */
export type RoomDisconnectCause =
  'client' | 'duplicate-identity' | 'participant-removed' | 'room-deleted' | 'server-shutdown' | 'other';

/**
 * LiveKit closed a room whose `connect()` had not resolved yet: the first connection attempt is over. `cause` says
 * why (`disconnectCause`), as for the `disconnected` event.
 */
export class RoomClosedBeforeConnect extends Error {
  override readonly name = 'RoomClosedBeforeConnect';
  readonly disconnectCause: RoomDisconnectCause;

  constructor(cause: RoomDisconnectCause) {
    super(`LiveKit closed the room before it connected (${cause})`);
    this.disconnectCause = cause;
  }
}

/**
 * Whether a failed first connection attempt is worth another one: the network or the server's side of it failed
 * (unreachable, timed out, the socket or the peer connection broke, LiveKit closed the room for no final reason). A
 * refused token, a missing service or a final leave (removed, duplicate identity, room deleted) is not retried.
 */
export function isRetryableConnectFailure(error: unknown): boolean {
  if (error instanceof RoomClosedBeforeConnect) return error.disconnectCause === 'other';
  if (!(error instanceof ConnectionError)) return false;
  // livekit-client types `reason` by the variant it was created with, which an `instanceof` check cannot know.
  const reason = error.reason as ConnectionErrorReason;
  switch (reason) {
    case ConnectionErrorReason.ServerUnreachable:
    case ConnectionErrorReason.InternalError:
    case ConnectionErrorReason.Timeout:
    case ConnectionErrorReason.WebSocket:
      return true;
    case ConnectionErrorReason.LeaveRequest:
      return causeOf(typeof error.context === 'number' ? error.context : undefined) === 'other';
    case ConnectionErrorReason.NotAllowed:
    case ConnectionErrorReason.Cancelled:
    case ConnectionErrorReason.ServiceNotFound:
      return false;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

/** Events of {@link LiveKitRoom}. */
export interface LiveKitRoomEvents {
  /** LiveKit answered the join: this participant is in the room; its media transport is still connecting. */
  'signal-connected': () => void;
  reconnecting: () => void;
  reconnected: () => void;
  disconnected: (cause: RoomDisconnectCause) => void;
  /** Someone joined, left, or changed mic, camera, speaking, quality, attributes or tracks. */
  changed: () => void;
  /** A data packet and who LiveKit says sent it. */
  data: (payload: Uint8Array, topic: string | undefined, sender: DataSender) => void;
  metadata: (raw: string | undefined) => void;
  'audio-playback': (allowed: boolean) => void;
  /** The encryption worker failed to encrypt or decrypt (a wrong key, a broken worker); only with E2EE on. */
  'encryption-error': () => void;
}

/**
 * Capture and publish settings for visits: 360p capture sent as two VP8 simulcast layers (360p, 180p), so
 * a phone on a weak network still gets moving video, and a phone's CPU only encodes two small layers
 * (in bench/join a 540p three-layer publish slowed the first remote frame by about 40 ms).
 */
const CAPTURE = VideoPresets.h360.resolution;
const PUBLISH: TrackPublishDefaults = {
  simulcast: true,
  videoCodec: 'vp8',
  videoEncoding: VideoPresets.h360.encoding,
  videoSimulcastLayers: [VideoPresets.h180],
  dtx: true,
  red: true,
};

/** Acquires camera and/or microphone with one permission prompt. Errors are raw `DOMException`s. */
export async function createLocalMedia(options: {
  video: boolean | { deviceId?: string };
  audio: boolean | { deviceId?: string };
}): Promise<LocalMediaTrack[]> {
  const video = options.video === false ? false : { resolution: CAPTURE, ...exact(options.video) };
  const audio =
    options.audio === false
      ? false
      : { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...exact(options.audio) };
  const tracks: LocalTrack[] = await createLocalTracks({ video, audio });
  return tracks;
}

function exact(choice: boolean | { deviceId?: string }): { deviceId?: ConstrainDOMString } {
  return typeof choice === 'object' && choice.deviceId ? { deviceId: { exact: choice.deviceId } } : {};
}

/** A 0..1 microphone level meter over a local audio track; call `stop()` when done. */
export function createLevelMeter(track: LocalMediaTrack): { level(): number; stop(): void } {
  const analyser = createAudioAnalyser(track as unknown as Parameters<typeof createAudioAnalyser>[0], {
    cloneTrack: true,
  });
  return {
    level: () => Math.min(1, Math.max(0, analyser.calculateVolume())),
    stop: () => void analyser.cleanup(),
  };
}

function qualityOf(quality: LkConnectionQuality): ConnectionQuality {
  switch (quality) {
    case LkConnectionQuality.Excellent:
      return 'excellent';
    case LkConnectionQuality.Good:
      return 'good';
    case LkConnectionQuality.Poor:
      return 'poor';
    case LkConnectionQuality.Lost:
      return 'lost';
    case LkConnectionQuality.Unknown:
      return 'unknown';
    default: {
      const unreachable: never = quality;
      return unreachable;
    }
  }
}

function causeOf(reason: DisconnectReason | undefined): RoomDisconnectCause {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return 'client';
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'duplicate-identity';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'participant-removed';
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'room-deleted';
    case DisconnectReason.SERVER_SHUTDOWN:
      return 'server-shutdown';
    default:
      return 'other';
  }
}

/** What LiveKit reports of a participant's published tracks (their `encryption` as the publisher declared it). */
function e2eeOf(participant: Participant): MediaEncryption {
  if (participant.trackPublications.size === 0) return 'no-tracks';
  return participant.isEncrypted ? 'encrypted' : 'not-encrypted';
}

function snapshot(participant: Participant): RoomParticipant {
  const camera = participant.getTrackPublication(Track.Source.Camera);
  const microphone = participant.getTrackPublication(Track.Source.Microphone);
  return {
    identity: participant.identity,
    name: participant.name ?? '',
    attributes: participant.attributes,
    isLocal: participant.isLocal,
    micEnabled: participant.isMicrophoneEnabled,
    cameraEnabled: participant.isCameraEnabled,
    speaking: participant.isSpeaking,
    quality: qualityOf(participant.connectionQuality),
    videoTrack: camera?.track,
    audioTrack: microphone?.track,
    e2ee: e2eeOf(participant),
    videoStreamPaused:
      !participant.isLocal &&
      camera !== undefined &&
      camera.isSubscribed &&
      !camera.isMuted &&
      camera.track?.streamState === Track.StreamState.Paused,
  };
}

/**
 * The sender of a data packet from the raw identity livekit-client 2.23 passes with `DataReceived` (its
 * sixth argument) — not from the participant object alone, which is also undefined for a sender who has
 * already left or is not known yet, and must not then pass for the server.
 */
function senderOf(participant: RemoteParticipant | undefined, rawIdentity: string | undefined): DataSender {
  const identity = rawIdentity || participant?.identity || undefined;
  const known = identity !== undefined && participant?.identity === identity ? participant : undefined;
  return { identity, participant: known ? snapshot(known) : undefined };
}

/** Room events that change what participants look like. */
const CHANGE_EVENTS = [
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.TrackPublished,
  RoomEvent.TrackUnpublished,
  RoomEvent.TrackSubscribed,
  RoomEvent.TrackUnsubscribed,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
  RoomEvent.ActiveSpeakersChanged,
  RoomEvent.ConnectionQualityChanged,
  RoomEvent.ParticipantAttributesChanged,
  RoomEvent.ParticipantNameChanged,
  RoomEvent.ParticipantEncryptionStatusChanged,
  // The SFU paused or resumed a subscribed video because the link cannot carry it (or can again).
  RoomEvent.TrackStreamStateChanged,
] as const;

/**
 * Creates a Room without LiveKit's leaking clean-up hooks and returns the `devicechange` listeners it
 * registered, so `dispose()` can remove them.
 * Workaround: livekit-client 2.23's Room constructor registers a `devicechange` listener that disconnect
 * never removes, and a FinalizationRegistry entry whose held callback captures the Room itself, so the
 * Room (engine, participants, join response) is never collected: about 25 KB per visit in bench/leak.
 * See https://github.com/livekit/client-sdk-js/issues/1940 and PR #1944. Switching the registry off for
 * our constructor call makes LiveKit use a plain listener, which we remove ourselves.
 */
function withDeviceChangeListeners<T>(create: () => T): { value: T; listeners: EventListenerOrEventListenerObject[] } {
  const registry = Room.cleanupRegistry;
  Room.cleanupRegistry = false;
  try {
    return captureDeviceChangeListeners(create);
  } finally {
    Room.cleanupRegistry = registry;
  }
}

function captureDeviceChangeListeners<T>(create: () => T): {
  value: T;
  listeners: EventListenerOrEventListenerObject[];
} {
  const mediaDevices = globalThis.navigator?.mediaDevices;
  const listeners: EventListenerOrEventListenerObject[] = [];
  if (!mediaDevices?.addEventListener) return { value: create(), listeners };
  const original = Object.getOwnPropertyDescriptor(mediaDevices, 'addEventListener');
  mediaDevices.addEventListener = function (this: MediaDevices, ...args: Parameters<MediaDevices['addEventListener']>) {
    const [type, listener] = args;
    if (type === 'devicechange' && listener) listeners.push(listener);
    return EventTarget.prototype.addEventListener.apply(this, args as Parameters<EventTarget['addEventListener']>);
  } as MediaDevices['addEventListener'];
  try {
    return { value: create(), listeners };
  } finally {
    if (original) Object.defineProperty(mediaDevices, 'addEventListener', original);
    else delete (mediaDevices as { addEventListener?: unknown }).addEventListener;
  }
}

/**
 * One LiveKit room for one visit. Created at preview time so `prepare()` can warm the connection, then
 * connected on join and disconnected (tracks stopped, listeners removed) on every end path.
 *
 * @example
 * const room = new LiveKitRoom();
 * room.events.on('disconnected', (cause) => console.log(cause));
 * await room.connect(url, token);
 */
export class LiveKitRoom {
  readonly events: TypedEmitter<LiveKitRoomEvents>;
  readonly #room: Room;
  readonly #deviceChangeListeners: readonly EventListenerOrEventListenerObject[];
  #receiveVideo = true;
  #disposed = false;

  /**
   * @param e2ee Encryption for a privileged visit (from `e2ee.ts`). LiveKit's `e2ee` option, not `encryption`:
   *   the latter also encrypts the data channel, and control messages come from the server, which has no key.
   */
  constructor(onListenerError?: (error: unknown) => void, e2ee?: E2EEManagerOptions) {
    this.events = new TypedEmitter<LiveKitRoomEvents>(onListenerError);
    const created = withDeviceChangeListeners(
      () =>
        new Room({
          // Subscribe to the layer the tile needs, but keep video flowing in a background tab: a visit is
          // short and paid for, and a resumed stream takes a keyframe round trip to show again.
          adaptiveStream: { pauseVideoInBackground: false },
          dynacast: true,
          publishDefaults: PUBLISH,
          videoCaptureDefaults: { resolution: CAPTURE },
          audioCaptureDefaults: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
          // Closing the tab must leave the room at once, not after the server's departure timeout.
          disconnectOnPageLeave: true,
          stopLocalTrackOnUnpublish: true,
          ...(e2ee ? { e2ee } : {}),
        }),
    );
    this.#room = created.value;
    this.#deviceChangeListeners = created.listeners;
    const changed = (): void => this.events.emit('changed');
    for (const event of CHANGE_EVENTS) this.#room.on(event, changed);
    this.#room
      .on(RoomEvent.SignalConnected, () => this.events.emit('signal-connected'))
      // A signal-only resume (media unaffected) is reported too: controls cannot work until it is back.
      .on(RoomEvent.SignalReconnecting, () => this.events.emit('reconnecting'))
      .on(RoomEvent.Reconnecting, () => this.events.emit('reconnecting'))
      .on(RoomEvent.Reconnected, () => this.events.emit('reconnected'))
      .on(RoomEvent.Disconnected, (reason) => this.events.emit('disconnected', causeOf(reason)))
      .on(RoomEvent.RoomMetadataChanged, (metadata) => this.events.emit('metadata', metadata))
      .on(RoomEvent.EncryptionError, () => this.events.emit('encryption-error'))
      // Audio only: a camera published (or re-published) while it is on is not received either.
      .on(RoomEvent.TrackPublished, (publication) => {
        if (!this.#receiveVideo && publication.kind === Track.Kind.Video) publication.setSubscribed(false);
      })
      .on(RoomEvent.AudioPlaybackStatusChanged, () => this.events.emit('audio-playback', this.#room.canPlaybackAudio))
      .on(
        RoomEvent.DataReceived,
        (payload, participant?: RemoteParticipant, _kind?, topic?: string, _encryption?, identity?: string) =>
          this.events.emit('data', payload, topic, senderOf(participant, identity)),
      );
  }

  /** Warms DNS/TLS to the LiveKit server (LiveKit swallows failures; our connectivity check reports them). */
  prepare(url: string, token?: string): Promise<void> {
    return this.#room.prepareConnection(url, token);
  }

  /**
   * Joins the room; remote tracks are subscribed as soon as the server offers them, video paused under congestion.
   * Settles as soon as the attempt is over, not only when livekit-client's `connect()` does: it rejects with
   * {@link RoomClosedBeforeConnect} when LiveKit closes the room before `connect()` resolved (a server leave such as
   * CONNECTION_TIMEOUT, or its own reconnection giving up — `connect()` itself may then wait out a 15 s peer
   * connection timeout), and with the signal's reason when `signal` fires. The caller disposes the room after a
   * failed attempt; it is not reused.
   */
  async connect(url: string, token: string, signal?: AbortSignal): Promise<void> {
    const attempt = new AbortController();
    const closed = new Promise<never>((_, reject) => {
      // livekit-client also emits Disconnected when its own connect() fails (a refused token, an unreachable server),
      // just before rejecting with the error that says why: let that error win the race, a task later.
      const onDisconnected = (reason?: DisconnectReason): void => {
        setTimeout(() => reject(new RoomClosedBeforeConnect(causeOf(reason))), 0);
      };
      const onAbort = (): void =>
        reject(
          signal?.reason instanceof Error ? signal.reason : new Error('connect aborted', { cause: signal?.reason }),
        );
      this.#room.once(RoomEvent.Disconnected, onDisconnected);
      signal?.addEventListener('abort', onAbort, { once: true });
      attempt.signal.addEventListener('abort', () => {
        this.#room.off(RoomEvent.Disconnected, onDisconnected);
        signal?.removeEventListener('abort', onAbort);
      });
      if (signal?.aborted) onAbort();
    });
    try {
      // Audio first: the SFU may pause our subscribed video when our downlink is congested, rather than starve audio.
      // Asked for explicitly: LiveKit 1.13 takes a join request that leaves it unset as `false`, whatever the server's
      // `rtc.congestion_control.allow_pause` says (its log shows `SubscriberAllowPause: false`).
      const connecting = this.#room.connect(url, token, { autoSubscribe: true, subscriberAllowPause: true });
      // The losing side of the race must not surface as an unhandled rejection.
      connecting.catch(() => undefined);
      await Promise.race([connecting, closed]);
    } finally {
      attempt.abort();
      closed.catch(() => undefined);
    }
    this.events.emit('metadata', this.#room.metadata);
  }

  /**
   * Turns on end-to-end encryption of everything this participant publishes (the room must have been created
   * with `e2ee`). Called before connecting, so no frame is ever sent in the clear.
   */
  enableEncryption(): Promise<void> {
    return this.#room.setE2EEEnabled(true);
  }

  /** Publishes already-acquired preview tracks (camera and microphone in parallel). */
  async publish(tracks: readonly LocalMediaTrack[]): Promise<void> {
    await Promise.all(
      tracks.map((track) => {
        const source = track.kind === 'video' ? Track.Source.Camera : Track.Source.Microphone;
        return this.#room.localParticipant.publishTrack(track as unknown as LocalTrack, { source });
      }),
    );
  }

  /**
   * Receives remote video or not (audio only): unsubscribes from every remote camera, so the SFU sends none,
   * and subscribes again when turned back on.
   */
  setVideoReceived(receive: boolean): void {
    this.#receiveVideo = receive;
    for (const participant of this.#room.remoteParticipants.values()) {
      for (const publication of participant.videoTrackPublications.values()) publication.setSubscribed(receive);
    }
  }

  /**
   * What this device receives and sends, from WebRTC stats: audio bytes received so far from each remote microphone
   * and video frames decoded from each remote camera it receives (`inbound-rtp`; a count that stops growing means
   * nothing is arriving — frames, not bytes, since probing padding is not a picture), and whether our own
   * camera's sending layers are all held back by bandwidth (`qualityLimitationReason`, a weak uplink).
   */
  async mediaSample(): Promise<MediaSample> {
    const audio = new Map<string, number>();
    const video = new Map<string, number>();
    await Promise.all(
      [...this.#room.remoteParticipants.values()].map(async (participant) => {
        const microphone = participant.getTrackPublication(Track.Source.Microphone)?.audioTrack;
        const heard = microphone && 'getReceiverStats' in microphone ? await microphone.getReceiverStats() : undefined;
        if (heard?.bytesReceived !== undefined) audio.set(participant.identity, heard.bytesReceived);
        const camera = participant.getTrackPublication(Track.Source.Camera);
        const picture = camera?.isSubscribed && !camera.isMuted ? camera.videoTrack : undefined;
        const seen = picture && 'getReceiverStats' in picture ? await picture.getReceiverStats() : undefined;
        if (seen?.framesDecoded !== undefined) video.set(participant.identity, seen.framesDecoded);
      }),
    );
    const camera = this.#room.localParticipant.getTrackPublication(Track.Source.Camera);
    const layers = camera && !camera.isMuted && camera.videoTrack ? await camera.videoTrack.getSenderStats() : [];
    const sending = layers.filter((layer) => (layer.framesPerSecond ?? 0) > 0);
    const uplinkLimited = sending.length > 0 && sending.every((layer) => layer.qualityLimitationReason === 'bandwidth');
    return { audio, video, uplinkLimited };
  }

  get audioPlaybackAllowed(): boolean {
    return this.#room.canPlaybackAudio;
  }

  /** Local participant first, then remote ones in join order. Empty before connecting. */
  participants(): RoomParticipant[] {
    if (this.#room.state === ConnectionState.Disconnected) return [];
    return [this.#room.localParticipant, ...this.#room.remoteParticipants.values()].map(snapshot);
  }

  startAudio(): Promise<void> {
    return this.#room.startAudio();
  }

  switchAudioOutput(deviceId: string): Promise<boolean> {
    return this.#room.switchActiveDevice('audiooutput', deviceId);
  }

  /** Leaves the room (if connected), stops local tracks and removes every listener. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.events.removeAllListeners();
    try {
      await this.#room.disconnect(true);
    } finally {
      this.#room.removeAllListeners();
      for (const listener of this.#deviceChangeListeners) {
        navigator.mediaDevices?.removeEventListener('devicechange', listener);
      }
    }
  }
}
