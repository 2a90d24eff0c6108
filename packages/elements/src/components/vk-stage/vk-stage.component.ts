import { html, nothing } from 'lit';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import { stageStyles } from './vk-stage.styles.js';

/** The widget shows at most this many remote people (the server caps visitors to match). */
export const MAX_REMOTE_TILES = 4;

/**
 * @summary The people in the visit: remote video large (1 to 4 tiles), your own view small.
 *
 * The videos fit the stage's box both ways: in a page that gives the stage (or `<vk-visit>`) a height, they
 * shrink to it instead of overflowing; otherwise the stage is as tall as its width needs. Hidden monitors are never shown. When the browser blocks autoplay of sound, a "Turn on sound" button appears.
 *
 * @csspart remote - The grid of remote tiles.
 * @csspart self - Your own (self view) tile.
 * @csspart tile - Every tile.
 * @csspart audio-button - The "Turn on sound" button.
 *
 * @cssproperty --vk-self-view-width - Width of the self view (default clamp(7.5em, 28%, 16em)).
 *
 * @example
 * <vk-stage .client=${client}></vk-stage>
 */
export class VkStage extends VkElement {
  static override styles = [tokens, stageStyles];

  override render() {
    const client = this.client;
    if (!client) return nothing;
    const remote = client.participants.filter((p) => !p.isLocal && p.role !== 'monitor').slice(0, MAX_REMOTE_TILES);
    const self = client.role === 'monitor' ? undefined : client.participants.find((p) => p.isLocal);
    // One remote person: their video fills the stage and the self view floats over a corner. More people:
    // everyone, self view included, shares an even grid so no face is covered.
    const floating = remote.length <= 1;
    const tiles = floating ? 1 : remote.length + (self ? 1 : 0);
    return html`
      <section class="frame" aria-label=${this.t('stage.label')} data-tiles=${tiles}>
        <div class="remote" part="remote" ?data-floating=${floating && self !== undefined}>
          ${remote.length === 0 ? html`<div class="alone">${this.t('stage.alone')}</div>` : nothing}
          ${remote.map((p) => html`<vk-tile part="tile" .participant=${p}></vk-tile>`)}
          ${self
            ? html`<vk-tile class=${floating ? 'self' : ''} part="tile self" .participant=${self}></vk-tile>`
            : nothing}
        </div>
      </section>
      ${client.audioPlaybackAllowed
        ? nothing
        : html`<div class="audio row" role="status">
            <span>${this.t('audio.blocked')}</span>
            <button class="primary" part="audio-button" @click=${() => void client.startAudio()}>
              ${this.t('audio.start')}
            </button>
          </div>`}
    `;
  }
}
