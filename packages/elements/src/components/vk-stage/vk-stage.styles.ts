import { css } from 'lit';

/**
 * Why (kept out of the CSS text, which ships as-is):
 * - `:host`: The host takes the width it is given; its height is what the tiles need at that width (16:9 each), or
 *   less when the page (or <vk-visit>) limits it. The frame is a size container, so the tiles below are sized to
 *   fit both its width and its height and are centred in it.
 * - `--_vk-ratio`: The tiles' own aspect ratio (a number): the fit below must use the same one as <vk-tile>.
 * - `.frame`: Never taller than the tiles need: a stretched host (a grid row, a tall page) keeps the videos on
 *   top.
 * - `@container (max-width: 30rem)`: Narrow stages (phones): stack two, three in a column; five in two columns.
 * - `.remote > :not(.self)`: Each tile as wide as fits: its share of the frame's width, or of its height at the
 *   tiles' ratio.
 * - `.remote[data-floating] > vk-tile:not(.self)`: The remote name and badges stay clear of the self view floating
 *   over the corner of the tile.
 * - `:host([child-mode])`: The stage takes all the height it is given and the remote videos fill it, cropped
 *   (cover) rather than letterboxed, in portrait and landscape alike; the crop keeps the upper middle (faces).
 */
export const stageStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    position: relative;
    min-height: 0;
    container-type: inline-size;
    --_vk-gap: calc(var(--_vk-space) * 0.5);
    --_vk-cols: 1;
    --_vk-rows: 1;
    --_vk-ratio: calc(var(--vk-tile-aspect-ratio, 16 / 9));
  }
  .frame {
    flex: 0 1 auto;
    min-height: 0;
    aspect-ratio: calc(var(--_vk-ratio) * var(--_vk-cols) / var(--_vk-rows));
    container-type: size;
    display: grid;
    place-content: center;
  }
  .frame[data-tiles='2'] {
    --_vk-cols: 2;
  }
  .frame[data-tiles='3'],
  .frame[data-tiles='4'] {
    --_vk-cols: 2;
    --_vk-rows: 2;
  }
  .frame[data-tiles='5'] {
    --_vk-cols: 3;
    --_vk-rows: 2;
  }
  @container (max-width: 30rem) {
    .frame[data-tiles='2'] {
      --_vk-cols: 1;
      --_vk-rows: 2;
    }
    .frame[data-tiles='3'] {
      --_vk-cols: 1;
      --_vk-rows: 3;
    }
    .frame[data-tiles='5'] {
      --_vk-cols: 2;
      --_vk-rows: 3;
    }
  }
  .remote {
    position: relative;
    display: grid;
    grid-template-columns: repeat(var(--_vk-cols), auto);
    gap: var(--_vk-gap);
  }
  .remote > :not(.self) {
    width: min(
      (100cqw - (var(--_vk-cols) - 1) * var(--_vk-gap)) / var(--_vk-cols),
      ((100cqh - (var(--_vk-rows) - 1) * var(--_vk-gap)) / var(--_vk-rows)) * var(--_vk-ratio)
    );
  }
  .alone {
    display: grid;
    place-items: center;
    aspect-ratio: var(--_vk-ratio);
    background: var(--_vk-tile-bg);
    color: #ffffff;
    border-radius: var(--_vk-radius);
    padding: 1em;
    text-align: center;
    overflow: hidden;
  }
  .self {
    position: absolute;
    inset-inline-end: var(--_vk-gap);
    bottom: var(--_vk-gap);
    width: var(--vk-self-view-width, clamp(7.5em, 28%, 16em));
    box-shadow: 0 2px 10px rgb(0 0 0 / 0.45);
    border-radius: var(--_vk-radius);
  }
  .remote[data-floating] > vk-tile:not(.self) {
    --_vk-caption-end: calc(var(--vk-self-view-width, clamp(7.5em, 28%, 16em)) + var(--_vk-gap) + 0.4em);
  }
  .audio {
    position: absolute;
    top: var(--_vk-gap);
    left: 50%;
    transform: translateX(-50%);
    z-index: 1;
    width: max-content;
    max-width: calc(100% - 2 * var(--_vk-gap));
    padding: 0.5em 0.75em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
  :host([child-mode]) {
    flex: 1 1 auto;
    height: 100%;
  }
  :host([child-mode]) .frame {
    flex: 1 1 auto;
    aspect-ratio: auto;
    height: 100%;
    place-content: stretch;
  }
  :host([child-mode]) .remote {
    width: 100%;
    height: 100%;
    grid-template-columns: repeat(var(--_vk-cols), minmax(0, 1fr));
    grid-template-rows: repeat(var(--_vk-rows), minmax(0, 1fr));
  }
  :host([child-mode]) .remote > :not(.self) {
    width: auto;
    height: auto;
    aspect-ratio: auto;
    --vk-video-fit: cover;
    --_vk-video-position: var(--vk-child-video-position, 50% 35%);
  }
  :host([child-mode]) .self {
    width: var(--vk-child-self-view-width, clamp(5em, 20%, 10em));
  }
`;
