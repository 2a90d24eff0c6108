import { MEDIA_STATE_TOPIC, decodeMediaState } from './protocol/media-state.js';
import type { MediaState } from './protocol/media-state.js';
import type { VideoPause } from './events.js';
import type { DataSender, RoomParticipant } from './livekit-room.js';
import { roleOf } from './participants.js';

/** What one party says about the video it sends. */
type VideoSending = MediaState['video'];

/** The verdict on one data packet: not ours, accepted, or rejected with a reason. */
export type MediaStateVerdict =
  { kind: 'ignore' } | { kind: 'accept' } | { kind: 'reject'; from: string | undefined; reason: string };

/**
 * Why a picture is missing and whether sound is arriving, per participant: the local audio-only choice, what
 * each party says about its own video (`visitkit.media` data messages, validated), and audio bytes sampled from
 * the receivers. A message from another participant can only ever set the notice on that participant's tile.
 *
 * @example
 * const health = new MediaHealth();
 * room.events.on('data', (payload, topic, sender) => health.handleData(payload, topic, sender));
 * const pause = health.videoPaused(participant);
 */
export class MediaHealth {
  readonly #said = new Map<string, VideoSending>();
  readonly #audioBytes = new Map<string, number>();
  readonly #audioFlowing = new Map<string, boolean>();
  #audioOnly = false;

  get audioOnly(): boolean {
    return this.#audioOnly;
  }

  /** Records the local audio-only choice. */
  setAudioOnly(on: boolean): void {
    this.#audioOnly = on;
  }

  /**
   * Takes a packet on the media-state topic from a party in the room (LiveKit stamps the sender; a monitor or a
   * participant without a Visitkit role has nothing to say here) and remembers what it says.
   */
  handleData(payload: Uint8Array, topic: string | undefined, sender: DataSender): MediaStateVerdict {
    if (topic !== MEDIA_STATE_TOPIC) return { kind: 'ignore' };
    const from = sender.identity;
    const role = sender.participant ? roleOf(sender.participant) : undefined;
    if (from === undefined || role === undefined || role === 'monitor') {
      return { kind: 'reject', from, reason: 'media state from a sender that is not a party in the room' };
    }
    const state = decodeMediaState(payload);
    if (!state) return { kind: 'reject', from, reason: 'media state does not match the schema' };
    this.#said.set(from, state.video);
    return { kind: 'accept' };
  }

  /** Forgets everything about participants no longer in the room. */
  keepOnly(identities: ReadonlySet<string>): void {
    for (const map of [this.#said, this.#audioBytes, this.#audioFlowing]) {
      for (const identity of map.keys()) if (!identities.has(identity)) map.delete(identity);
    }
  }

  /**
   * Takes a new sample of audio bytes received per remote participant; returns whether any participant's
   * "audio flowing" changed. A count that did not grow since the last sample means no sound is arriving.
   */
  handleAudioBytes(bytes: ReadonlyMap<string, number>): boolean {
    let changed = false;
    for (const identity of this.#audioFlowing.keys()) {
      if (!bytes.has(identity)) changed = this.#audioFlowing.delete(identity) || changed;
    }
    for (const [identity, count] of bytes) {
      const previous = this.#audioBytes.get(identity);
      this.#audioBytes.set(identity, count);
      if (previous === undefined) continue;
      const flowing = count > previous;
      if (this.#audioFlowing.get(identity) !== flowing) changed = true;
      this.#audioFlowing.set(identity, flowing);
    }
    for (const identity of this.#audioBytes.keys()) if (!bytes.has(identity)) this.#audioBytes.delete(identity);
    return changed;
  }

  /** Whether a remote participant's audio is arriving; `undefined` when it is not expected or not known yet. */
  audioFlowing(participant: RoomParticipant): boolean | undefined {
    if (participant.isLocal || !participant.micEnabled) return undefined;
    return this.#audioFlowing.get(participant.identity);
  }

  /** What the local participant tells the others about its video. */
  ownState(local: RoomParticipant | undefined): MediaState {
    return { type: 'media-state', video: this.#ownVideo(local) };
  }

  #ownVideo(local: RoomParticipant | undefined): VideoSending {
    if (this.#audioOnly) return 'audio-only';
    if (local?.cameraEnabled && (local.quality === 'poor' || local.quality === 'lost')) return 'weak-connection';
    return 'sending';
  }

  /** Why a participant's picture is not shown, or `undefined` when nothing explains a missing picture. */
  videoPaused(participant: RoomParticipant): VideoPause | undefined {
    if (participant.isLocal) {
      const own = this.#ownVideo(participant);
      return own === 'sending' ? undefined : { reason: own, by: 'local' };
    }
    if (this.#audioOnly) return { reason: 'audio-only', by: 'local' };
    const said = this.#said.get(participant.identity);
    // Audio only turns their camera off, which is why it is believed whatever LiveKit says of the camera;
    // a weak connection explains a missing picture only while the camera is on.
    if (said === 'audio-only') return { reason: 'audio-only', by: 'remote' };
    if (!participant.cameraEnabled) return undefined;
    // The SFU pausing their video for this device is certain (this downlink); what they say of theirs comes next.
    if (participant.videoStreamPaused) return { reason: 'weak-connection', by: 'local' };
    if (said === 'weak-connection') return { reason: 'weak-connection', by: 'remote' };
    return undefined;
  }
}
