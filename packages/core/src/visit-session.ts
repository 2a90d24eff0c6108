import type { ControlMessage } from './protocol/control.js';
import type { Role } from './protocol/roles.js';
import { parseRoomMetadata } from './protocol/visit.js';
import type { MediaVideoState } from './protocol/media-state-request.js';
import type { Visit } from './protocol/visit.js';
import { raceAbort } from './abort.js';
import { ControlMessageFilter } from './control-messages.js';
import type { VisitParticipant } from './events.js';
import type { VisitEncryption } from './e2ee.js';
import { LiveKitRoom } from './livekit-room.js';
import { MediaHealth } from './media-health.js';
import type { LocalMediaTrack, RoomDisconnectCause, RoomParticipant } from './livekit-room.js';
import { diffParticipants, toVisitParticipants } from './participants.js';
import { TypedEmitter } from './typed-emitter.js';

/** How often WebRTC stats are sampled ("is sound arriving?", "is the picture arriving?", "is our uplink weak?"). */
const SAMPLE_MS = 2000;
/** How long after a failed media-state report the next one waits. */
const REPORT_RETRY_MS = 10_000;

/** What a session tells the adapter about this device (the adapter's party routes); each is optional. */
export interface SessionReports {
  /** What this device's video is doing (the `media-state` route). */
  media?: ((video: MediaVideoState) => Promise<void>) | undefined;
  /** LiveKit answered our join, so the adapter may grant `canSubscribe` now (the `joined` route). */
  joined?: (() => Promise<void>) | undefined;
}

/** Events of {@link VisitSession}. */
export interface VisitSessionEvents {
  /** The participant snapshots changed; `joined`/`left` list remote arrivals and departures. */
  participants: (
    participants: readonly VisitParticipant[],
    change: { joined: readonly VisitParticipant[]; left: readonly VisitParticipant[] },
  ) => void;
  /** A validated control message from the server or a monitor. */
  control: (message: ControlMessage) => void;
  'protocol-error': (info: { from: string | undefined; reason: string }) => void;
  /** The visit policy in the room metadata (the server's single source of truth). */
  visit: (visit: Visit) => void;
  /**
   * Whether a monitor is in the room, from the room metadata (the server adapter counts hidden monitors);
   * `undefined` when the server does not say.
   */
  'monitor-presence': (present: boolean | undefined) => void;
  'audio-playback': (allowed: boolean) => void;
  /** Media could not be encrypted or decrypted (privileged visits only). */
  'encryption-error': () => void;
  reconnecting: () => void;
  reconnected: () => void;
  disconnected: (cause: RoomDisconnectCause) => void;
}

/**
 * One connection to a visit's room, as the `VisitClient` sees it: participant snapshots (batched per
 * microtask), validated control messages, room metadata and connection events. Wraps the LiveKit
 * adapter; `dispose()` leaves the room and drops every listener.
 *
 * @example
 * const session = new VisitSession('visitor', console.error);
 * session.events.on('participants', (list) => render(list));
 * await session.connect(url, token);
 */
export class VisitSession {
  readonly events: TypedEmitter<VisitSessionEvents>;
  readonly #room: LiveKitRoom;
  readonly #encryption: VisitEncryption | undefined;
  readonly #control = new ControlMessageFilter();
  readonly #health = new MediaHealth();
  #role: Role | undefined;
  /** What the others last learnt about this device's video (nothing said is `sending`); `undefined` after a failure. */
  #said: MediaVideoState | undefined = 'sending';
  #reportFailedAt = Number.NEGATIVE_INFINITY;
  readonly #reportMedia: ((video: MediaVideoState) => Promise<void>) | undefined;
  #sampler: ReturnType<typeof setInterval> | undefined;
  #participants: readonly VisitParticipant[] = [];
  #refreshQueued = false;
  #disposed = false;

  /**
   * @param encryption End-to-end encryption of a privileged visit; everything published is encrypted with it.
   * @param reports what to tell the adapter: what this device's video is doing, and that LiveKit answered our join
   *   (a party only; a failed report is logged, the adapter's webhook path does the same later); without them
   *   nothing is said.
   */
  constructor(
    role: Role | undefined,
    onListenerError: (error: unknown) => void,
    encryption?: VisitEncryption,
    reports: SessionReports & { log?: Pick<Console, 'debug'> } = {},
  ) {
    this.#role = role;
    this.#reportMedia = reports.media;
    this.#encryption = encryption;
    this.events = new TypedEmitter<VisitSessionEvents>(onListenerError);
    const room = new LiveKitRoom(onListenerError, encryption?.options);
    room.events.on('encryption-error', () => this.events.emit('encryption-error'));
    room.events.on('signal-connected', () => {
      const joined = reports.joined;
      if (!joined || this.#role === 'monitor' || this.#role === undefined) return;
      // Only *when* the adapter grants: it checks what LiveKit lists, and its join webhook grants anyway.
      joined().catch((error: unknown) => reports.log?.debug('[visitkit] joined report failed', error));
    });
    room.events.on('changed', () => this.#queueRefresh());
    room.events.on('reconnecting', () => this.events.emit('reconnecting'));
    room.events.on('reconnected', () => {
      this.refresh();
      this.events.emit('reconnected');
    });
    room.events.on('disconnected', (cause) => this.events.emit('disconnected', cause));
    room.events.on('metadata', (raw) => {
      const metadata = parseRoomMetadata(raw);
      if (!metadata) return;
      this.events.emit('visit', metadata.visit);
      this.events.emit('monitor-presence', metadata.monitorPresent);
    });
    room.events.on('audio-playback', (allowed) => this.events.emit('audio-playback', allowed));
    room.events.on('data', (payload, topic, sender) => {
      const verdict = this.#control.handle(payload, topic, sender);
      switch (verdict.kind) {
        case 'accept':
          this.events.emit('control', verdict.message);
          return;
        case 'reject':
          this.events.emit('protocol-error', { from: verdict.from, reason: verdict.reason });
          return;
        case 'ignore':
          return;
        default: {
          const unreachable: never = verdict;
          return unreachable;
        }
      }
    });
    this.#room = room;
  }

  get participants(): readonly VisitParticipant[] {
    return this.#participants;
  }

  get audioPlaybackAllowed(): boolean {
    return this.#room.audioPlaybackAllowed;
  }

  /** The viewer's role decides whether monitors are listed; it is known once the token is. */
  setRole(role: Role | undefined): void {
    this.#role = role;
  }

  prepare(url: string, token: string): Promise<void> {
    return this.#room.prepare(url, token);
  }

  /** Whether everything this session publishes is end-to-end encrypted. */
  get encrypted(): boolean {
    return this.#encryption !== undefined;
  }

  /**
   * Connects; with encryption, the key is in place and encryption on before the first byte is sent. Settles as soon
   * as the attempt is over (`LiveKitRoom.connect`), or when `signal` fires; a session whose connect failed is
   * disposed, not connected again.
   */
  async connect(url: string, token: string, signal?: AbortSignal): Promise<void> {
    if (this.#encryption) {
      await raceAbort(this.#encryption.keyReady, signal);
      await raceAbort(this.#room.enableEncryption(), signal);
    }
    await this.#room.connect(url, token, signal);
    if (this.#health.audioOnly) this.#room.setVideoReceived(false);
    this.#sampler ??= setInterval(() => this.#sample(), SAMPLE_MS);
    this.refresh();
  }

  /** Whether the local user chose audio only. */
  get audioOnly(): boolean {
    return this.#health.audioOnly;
  }

  /**
   * Audio only: stops receiving remote video (the caller turns the camera off) and tells the others why the
   * picture stopped; turned off, video is received again.
   */
  setAudioOnly(on: boolean): void {
    this.#health.setAudioOnly(on);
    if (this.#room.participants().length > 0) this.#room.setVideoReceived(!on);
    this.refresh();
  }

  #sample(): void {
    this.#room
      .mediaSample()
      .then((sample) => {
        if (!this.#disposed && this.#health.handleSample(sample)) this.refresh();
      })
      // Stats can fail while a peer connection is being replaced; the next sample tries again.
      .catch(() => undefined);
  }

  publish(tracks: readonly LocalMediaTrack[]): Promise<void> {
    return this.#room.publish(tracks);
  }

  startAudio(): Promise<void> {
    return this.#room.startAudio();
  }

  switchAudioOutput(deviceId: string): Promise<boolean> {
    return this.#room.switchAudioOutput(deviceId);
  }

  /** Takes a new snapshot now and emits `participants` when anything a user would see changed. */
  refresh(): void {
    if (this.#disposed) return;
    const inRoom = this.#room.participants();
    this.#health.keepOnly(new Set(inRoom.map((p) => p.identity)));
    const next = toVisitParticipants(inRoom, this.#role, this.#health);
    const diff = diffParticipants(this.#participants, next);
    this.#tellOthers(inRoom.find((p) => p.isLocal));
    if (!diff.changed) return;
    this.#participants = next;
    this.events.emit('participants', next, { joined: diff.joined, left: diff.left });
  }

  /**
   * Tells the others, through the adapter, what this device's video is doing (audio only, weak uplink, sending)
   * when that changed. The adapter keeps it as our `visitkit.media` attribute, so later arrivals see it too. A
   * refused or failed report is tried again on a later change, at most every {@link REPORT_RETRY_MS}.
   */
  #tellOthers(local: RoomParticipant | undefined): void {
    if (!local || !this.#reportMedia || this.#role === 'monitor' || this.#role === undefined) return;
    const video = this.#health.ownState(local);
    if (video === this.#said || Date.now() - this.#reportFailedAt < REPORT_RETRY_MS) return;
    this.#said = video;
    this.#reportMedia(video).catch(() => {
      this.#said = undefined;
      this.#reportFailedAt = Date.now();
    });
  }

  /** Coalesces bursts of LiveKit events (one join fires several) into one snapshot. */
  #queueRefresh(): void {
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    queueMicrotask(() => {
      this.#refreshQueued = false;
      this.refresh();
    });
  }

  /** Leaves the room, stops the published tracks and removes every listener. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    clearInterval(this.#sampler);
    this.events.removeAllListeners();
    this.#participants = [];
    try {
      await this.#room.dispose();
    } finally {
      this.#encryption?.dispose();
    }
  }
}
