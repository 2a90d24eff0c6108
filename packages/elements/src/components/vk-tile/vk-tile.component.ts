import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { ConnectionQuality, VideoPause, VisitParticipant } from '@visitkit/core';
import type { MessageKey } from '../../i18n/catalog.js';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import { TrackBinding } from '../../internal/track-binding.js';
import { tileStyles } from './vk-tile.styles.js';

const QUALITY_LEVEL: Readonly<Record<ConnectionQuality, number>> = {
  excellent: 3,
  good: 2,
  poor: 1,
  lost: 0,
  unknown: 0,
};

/** A microphone drawn in the text colour, struck through when off; shown instead of the words on small tiles. */
function micIcon(on: boolean) {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
    <rect x="9" y="3" width="6" height="11" rx="3" fill="currentColor"></rect>
    <path d="M6 11a6 6 0 0 0 12 0M12 17v4M8.5 21h7"></path>
    ${on ? nothing : svg`<path d="M4 3l16 18" stroke-width="2.5"></path>`}
  </svg>`;
}

/** The notice that explains a paused picture, for the tile of `p` (whose name fills `{name}`). */
function pauseKey(p: VisitParticipant, pause: VideoPause): MessageKey {
  switch (pause.reason) {
    case 'audio-only':
      if (p.isLocal) return 'tile.selfAudioOnly';
      return pause.by === 'local' ? 'tile.audioOnlyByYou' : 'tile.audioOnlyByThem';
    case 'weak-connection':
      if (p.isLocal) return 'tile.selfWeak';
      return pause.by === 'local' ? 'tile.pausedWeakHere' : 'tile.pausedWeakThere';
    default: {
      const unreachable: never = pause.reason;
      return unreachable;
    }
  }
}

/**
 * @summary One person's video with their name, microphone state and connection quality.
 *
 * Names are rendered as text only. Remote audio plays through the tile; the local tile is mirrored and silent.
 * On a small tile (a phone's self view) the microphone state is shown as an icon; the words stay for screen readers.
 * When the picture is paused (weak connection, audio only) a notice says why, announced politely. The connection
 * indicator is what the user experiences: LiveKit's quality, but "No sound arriving" when the person's microphone is
 * on and no audio has arrived for a few seconds; a weak state is written out, not only drawn.
 *
 * @csspart video - The `<video>` element.
 * @csspart name - The name label.
 * @csspart mic - The microphone state badge.
 * @csspart quality - The connection quality indicator.
 * @csspart notice - Why the picture is paused ("Video paused — weak connection", "Audio only (chosen by Ana)").
 *
 * @cssproperty --vk-color-tile-background - Behind the video (default near black).
 * @cssproperty --vk-color-speaking - Ring shown while the person speaks.
 * @cssproperty --vk-tile-aspect-ratio - Aspect ratio of the tile (default 16 / 9).
 * @cssproperty --vk-video-fit - `cover` (default) or `contain`.
 *
 * @example
 * <vk-tile .participant=${participant}></vk-tile>
 */
export class VkTile extends VkElement {
  static override styles = [tokens, tileStyles];

  /** The participant to show. */
  @property({ attribute: false }) participant: VisitParticipant | undefined;

  /** Reflects whether the participant is the local user (mirrored, muted). */
  @property({ type: Boolean, reflect: true }) local = false;

  /** Hide the name, microphone and quality labels from view (child mode: nothing to read); screen readers keep them. */
  @property({ type: Boolean, reflect: true, attribute: 'no-caption' }) noCaption = false;

  /** Reflects whether the participant is speaking. */
  @property({ type: Boolean, reflect: true }) speaking = false;

  @query('video') private video!: HTMLVideoElement | null;
  @query('audio') private audio!: HTMLAudioElement | null;

  readonly #videoBinding = new TrackBinding();
  readonly #audioBinding = new TrackBinding();

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.local = this.participant?.isLocal ?? false;
    this.speaking = this.participant?.speaking ?? false;
  }

  override render() {
    const p = this.participant;
    if (!p) return nothing;
    const name = p.isLocal ? this.t('stage.you') : p.name || p.identity;
    const showVideo = p.cameraEnabled && p.videoTrack !== undefined;
    const pause = p.videoPaused;
    const noAudio = !p.isLocal && p.audioFlowing === false;
    const level = noAudio ? 0 : QUALITY_LEVEL[p.quality];
    const qualityText = this.t(noAudio ? 'quality.noAudio' : `quality.${p.quality}`);
    return html`
      <video part="video" ?hidden=${!showVideo} autoplay playsinline muted aria-hidden="true"></video>
      ${p.isLocal ? nothing : html`<audio autoplay></audio>`}
      ${showVideo || pause ? nothing : html`<div class="placeholder">${this.t('tile.cameraOff')}</div>`}
      <div class="notice" part="notice" role="status" ?data-empty=${!pause}>
        ${pause ? this.t(pauseKey(p, pause), { name: p.name || p.identity }) : nothing}
      </div>
      <div class="caption">
        <span class="name" part="name">${name}</span>
        <span class="mic" part="mic"
          >${micIcon(p.micEnabled)}<span class="label">${this.t(p.micEnabled ? 'tile.micOn' : 'tile.micOff')}</span></span
        >
        ${
          p.isLocal
            ? nothing
            : html`<span
              class="quality"
              part="quality"
              data-level=${level}
              role="img"
              aria-label=${qualityText}
              ><i></i><i></i><i></i
            ></span>
            ${level <= 1 ? html`<span class="quality-text" aria-hidden="true">${qualityText}</span>` : nothing}`
        }
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const p = this.participant;
    this.#videoBinding.bind(this.video, p?.cameraEnabled ? p.videoTrack : undefined);
    this.#audioBinding.bind(this.audio, p && !p.isLocal ? p.audioTrack : undefined);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attach media when the tile is moved in the DOM (bindings are cleared on disconnect).
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#videoBinding.clear();
    this.#audioBinding.clear();
  }
}
