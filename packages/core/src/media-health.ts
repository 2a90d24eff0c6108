import { ATTRIBUTE_MEDIA } from './protocol/roles.js';
import { parseMediaVideoState, type MediaVideoState } from './protocol/media-state-request.js';
import type { VideoPause } from './events.js';
import type { RoomParticipant } from './livekit-room.js';
import { roleOf } from './participants.js';

/** How many samples in a row it takes to call a picture stalled or an uplink weak (or no longer weak). */
const STEADY_SAMPLES = 2;

/** One sample of what this device receives and sends (WebRTC stats), taken every few seconds. */
export interface MediaSample {
  /** Audio bytes received so far per remote participant whose microphone this device receives. */
  audio: ReadonlyMap<string, number>;
  /** Video frames decoded so far per remote participant whose camera this device receives. */
  video: ReadonlyMap<string, number>;
  /** Whether every layer of our own camera that is sending is held back by bandwidth (a weak uplink). */
  uplinkLimited: boolean;
}

/**
 * Why a picture is missing and whether sound is arriving, per participant: the local audio-only choice, what each
 * party says about its own video (its `visitkit.media` attribute, which only the adapter sets, validated here), and
 * what the receivers and our own camera's sender report in their stats.
 *
 * @example
 * const health = new MediaHealth();
 * health.handleSample(await room.mediaSample());
 * const pause = health.videoPaused(participant);
 */
export class MediaHealth {
  readonly #audioBytes = new Map<string, number>();
  readonly #audioFlowing = new Map<string, boolean>();
  readonly #videoBytes = new Map<string, number>();
  /** Remote cameras whose frames stopped arriving while their sound still arrives (for two samples running). */
  readonly #videoStalled = new Map<string, boolean>();
  /** Samples in a row in which each remote camera decoded no new frame while its sound arrived. */
  readonly #stallRun = new Map<string, number>();
  #uplinkLimited = false;
  /** Samples in a row that disagreed with `#uplinkLimited`. */
  #uplinkRun = 0;
  #audioOnly = false;

  get audioOnly(): boolean {
    return this.#audioOnly;
  }

  /** Records the local audio-only choice. */
  setAudioOnly(on: boolean): void {
    this.#audioOnly = on;
  }

  /** Forgets everything about participants no longer in the room. */
  keepOnly(identities: ReadonlySet<string>): void {
    for (const map of [this.#audioBytes, this.#audioFlowing, this.#videoBytes, this.#videoStalled, this.#stallRun]) {
      for (const identity of map.keys()) if (!identities.has(identity)) map.delete(identity);
    }
  }

  /**
   * Takes a new sample; returns whether anything a user would see changed. A byte count that did not grow since
   * the last sample means nothing is arriving: no sound, or (while the sound still arrives) no picture.
   */
  handleSample(sample: MediaSample): boolean {
    // A picture or an uplink is judged on two samples running (about 4 s), so one slow moment does not make the
    // notice flicker; a picture that arrives again clears it at once.
    this.#uplinkRun = sample.uplinkLimited === this.#uplinkLimited ? 0 : this.#uplinkRun + 1;
    let changed = false;
    if (this.#uplinkRun >= STEADY_SAMPLES) {
      this.#uplinkLimited = sample.uplinkLimited;
      this.#uplinkRun = 0;
      changed = true;
    }
    const audio = this.#growth(this.#audioBytes, sample.audio);
    const video = this.#growth(this.#videoBytes, sample.video);
    changed = this.#store(this.#audioFlowing, audio) || changed;
    const stalled = new Map<string, boolean>();
    for (const [identity, growing] of video) {
      const run = !growing && audio.get(identity) === true ? (this.#stallRun.get(identity) ?? 0) + 1 : 0;
      this.#stallRun.set(identity, run);
      stalled.set(identity, run >= STEADY_SAMPLES);
    }
    for (const identity of this.#stallRun.keys()) if (!video.has(identity)) this.#stallRun.delete(identity);
    return this.#store(this.#videoStalled, stalled) || changed;
  }

  /** Per identity in `now`: whether its count grew since the last sample (absent on the first sample). */
  #growth(last: Map<string, number>, now: ReadonlyMap<string, number>): Map<string, boolean> {
    const growing = new Map<string, boolean>();
    for (const [identity, count] of now) {
      const previous = last.get(identity);
      if (previous !== undefined) growing.set(identity, count > previous);
    }
    last.clear();
    for (const [identity, count] of now) last.set(identity, count);
    return growing;
  }

  /** Replaces `map` with `next`; whether any value changed. */
  #store(map: Map<string, boolean>, next: ReadonlyMap<string, boolean>): boolean {
    const changed = map.size !== next.size || [...next].some(([identity, value]) => map.get(identity) !== value);
    map.clear();
    for (const [identity, value] of next) map.set(identity, value);
    return changed;
  }

  /** Whether a remote participant's audio is arriving; `undefined` when it is not expected or not known yet. */
  audioFlowing(participant: RoomParticipant): boolean | undefined {
    if (participant.isLocal || !participant.micEnabled) return undefined;
    return this.#audioFlowing.get(participant.identity);
  }

  /** What the local participant's video is doing, as it tells the others (through the adapter). */
  ownState(local: RoomParticipant | undefined): MediaVideoState {
    if (this.#audioOnly) return 'audio-only';
    // Our own sender held back by bandwidth, not our connection quality: that one also reflects what we receive,
    // and would blame us for the other side's weak link.
    if (local?.cameraEnabled && this.#uplinkLimited) return 'weak-connection';
    return 'sending';
  }

  /** Why a participant's picture is not shown, or `undefined` when nothing explains a missing picture. */
  videoPaused(participant: RoomParticipant): VideoPause | undefined {
    if (participant.isLocal) {
      const own = this.ownState(participant);
      return own === 'sending' ? undefined : { reason: own, by: 'local' };
    }
    if (this.#audioOnly) return { reason: 'audio-only', by: 'local' };
    const role = roleOf(participant);
    // Set only by the adapter (parties cannot write attributes); believed only of a party.
    const said = role && role !== 'monitor' ? parseMediaVideoState(participant.attributes[ATTRIBUTE_MEDIA]) : undefined;
    // Audio only turns their camera off, which is why it is believed whatever LiveKit says of the camera;
    // a weak connection explains a missing picture only while the camera is on.
    if (said === 'audio-only') return { reason: 'audio-only', by: 'remote' };
    if (!participant.cameraEnabled) return undefined;
    // What they say of their uplink names the cause; otherwise the SFU pausing their video for this device, or
    // their picture no longer arriving while their sound does, is a weak link on the way to us.
    if (said === 'weak-connection') return { reason: 'weak-connection', by: 'remote' };
    if (participant.videoStreamPaused || this.#videoStalled.get(participant.identity)) {
      return { reason: 'weak-connection', by: 'local' };
    }
    return undefined;
  }
}
