import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
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
 * @cssproperty --vk-child-self-view-width - Width of the self view in child mode (default clamp(5em, 20%, 10em)).
 * @cssproperty --vk-child-video-position - Which part of the video stays in view when child mode crops it to fill
 *   the screen (default `50% 35%`: faces sit in the upper middle of a camera picture).
 *
 * @example
 * <vk-stage .client=${client}></vk-stage>
 */
export class VkStage extends VkElement {
  static override styles = [tokens, stageStyles];

  /** Child mode: the other people fill the whole stage (video cropped, not letterboxed), without name labels. */
  @property({ type: Boolean, reflect: true, attribute: 'child-mode' }) childMode = false;

  /** Do not show your own view (the other people still see you). */
  @property({ type: Boolean, reflect: true, attribute: 'hide-self-view' }) hideSelfView = false;

  override render() {
    const client = this.client;
    if (!client) return nothing;
    const remote = client.participants.filter((p) => !p.isLocal && p.role !== 'monitor').slice(0, MAX_REMOTE_TILES);
    const self =
      client.role === 'monitor' || this.hideSelfView ? undefined : client.participants.find((p) => p.isLocal);
    // One remote person: their video fills the stage and the self view floats over a corner. More people:
    // everyone, self view included, shares an even grid so no face is covered. Child mode keeps the self view
    // floating and small: the screen is for the faces the child came to see.
    const floating = remote.length <= 1 || this.childMode;
    const tiles = floating ? Math.max(1, remote.length) : remote.length + (self ? 1 : 0);
    return html`
      <section class="frame" aria-label=${this.t('stage.label')} data-tiles=${tiles}>
        <div class="remote" part="remote" ?data-floating=${floating && self !== undefined}>
          ${remote.length === 0 ? html`<div class="alone">${this.t('stage.alone')}</div>` : nothing}
          ${remote.map((p) => html`<vk-tile part="tile" ?no-caption=${this.childMode} .participant=${p}></vk-tile>`)}
          ${
            self
              ? html`<vk-tile
                class=${floating ? 'self' : ''}
                part="tile self"
                ?no-caption=${this.childMode}
                .participant=${self}
              ></vk-tile>`
              : nothing
          }
        </div>
      </section>
      ${
        client.audioPlaybackAllowed
          ? nothing
          : html`<div class="audio row" role="status">
            <span>${this.t('audio.blocked')}</span>
            <button class="primary" part="audio-button" @click=${() => void client.startAudio()}>
              ${this.t('audio.start')}
            </button>
          </div>`
      }
    `;
  }
}
