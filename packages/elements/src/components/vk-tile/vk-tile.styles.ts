import { css } from 'lit';
import { visuallyHiddenRules } from '../../internal/shared-styles.js';

/**
 * Why (kept out of the CSS text, which ships as-is):
 * - `:host` `container-type`: The caption adapts to the tile's own width (a small self view), not the page's.
 * - `.caption` `inset-inline-end`: <vk-stage> keeps the caption clear of a self view floating over this tile's corner.
 * - `:host([no-caption]) .caption`: visually hidden, not removed: screen readers still hear who is who.
 * - `forced-colors`: Windows high contrast drops shadows and backgrounds; the speaking ring and the quality bars
 *   are drawn with system colours instead.
 */
export const tileStyles = css`
  :host {
    display: block;
    position: relative;
    min-width: 0;
    min-height: 0;
    border-radius: var(--_vk-radius);
    overflow: hidden;
    background: var(--_vk-tile-bg);
    color: #ffffff;
    aspect-ratio: var(--vk-tile-aspect-ratio, 16 / 9);
    container-type: inline-size;
  }
  :host([speaking]) {
    box-shadow: 0 0 0 3px var(--vk-color-speaking, #4ade80);
  }
  video {
    width: 100%;
    height: 100%;
    object-fit: var(--vk-video-fit, cover);
    object-position: var(--_vk-video-position, 50% 50%);
    display: block;
  }
  :host([local]) video {
    transform: scaleX(-1);
  }
  .placeholder {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    font-size: 1.1em;
    padding: 0.5em;
    text-align: center;
  }
  .notice {
    position: absolute;
    inset-inline: 0.4em;
    top: 0.4em;
    background: rgb(0 0 0 / 0.8);
    color: #ffffff;
    border-radius: 6px;
    padding: 0.3em 0.6em;
    font-weight: 600;
    text-align: center;
  }
  /* Kept in the accessibility tree while empty, so its text is announced when it appears. */
  .notice[data-empty] {
    ${visuallyHiddenRules}
  }
  .caption {
    position: absolute;
    inset-inline-start: 0.4em;
    inset-inline-end: var(--_vk-caption-end, 0.4em);
    bottom: 0.4em;
    display: flex;
    gap: 0.4em;
    align-items: center;
    flex-wrap: wrap;
  }
  .caption > * {
    background: rgb(0 0 0 / 0.72);
    color: #ffffff;
    border-radius: 6px;
    padding: 0.15em 0.5em;
    font-size: 0.9em;
    white-space: nowrap;
    min-width: 0;
    max-width: 100%;
  }
  .name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .mic {
    display: inline-flex;
    align-items: center;
  }
  .icon {
    display: none;
    width: 1.1em;
    height: 1.3em;
  }
  @container (max-width: 12em) {
    .mic {
      flex: none;
    }
    .mic .icon {
      display: block;
    }
    .mic .label {
      ${visuallyHiddenRules}
    }
  }
  .quality {
    display: inline-flex;
    gap: 2px;
    align-items: flex-end;
    height: 1.3em;
  }
  .quality i {
    display: block;
    width: 4px;
    background: #9a9a9a;
  }
  .quality i:nth-child(1) {
    height: 35%;
  }
  .quality i:nth-child(2) {
    height: 65%;
  }
  .quality i:nth-child(3) {
    height: 100%;
  }
  .quality[data-level='3'] i,
  .quality[data-level='2'] i:nth-child(-n + 2),
  .quality[data-level='1'] i:nth-child(1) {
    background: #ffffff;
  }
  .quality-text {
    font-size: 0.85em;
  }
  @media (forced-colors: active) {
    :host([speaking]) {
      outline: 3px solid Highlight;
      outline-offset: -3px;
    }
    .quality i {
      background: GrayText;
      forced-color-adjust: none;
    }
    .quality[data-level='3'] i,
    .quality[data-level='2'] i:nth-child(-n + 2),
    .quality[data-level='1'] i:nth-child(1) {
      background: CanvasText;
    }
  }
  :host([no-caption]) .caption {
    ${visuallyHiddenRules}
  }
`;
