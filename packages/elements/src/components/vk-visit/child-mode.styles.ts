import { css } from 'lit';

/**
 * Child mode of `<vk-visit>`.
 *
 * Why (kept out of the CSS text, which ships as-is):
 * - `:host([child-mode]) .app[data-screen=…]` `height`: the call takes the whole height it may have (default the
 *   screen), so the other party can fill it in portrait and landscape; a max-height alone would let it collapse.
 * - `touch-action: none` (whole call), `overscroll-behavior`, `user-select`: a child's swipes and pinches must not
 *   scroll, zoom, select or pull-to-refresh the page away from the visit. The adult controls scroll (`auto`): they
 *   are their own scroll container, so the call's `none` does not reach into them.
 * - `.gate` in the top corner, away from where a child sitting in front of the screen taps most (the middle).
 * - `.adult` overlays the bottom of the video instead of pushing it: opening the controls does not jolt the picture.
 * - `:host(:fullscreen)`: full screen means the visit only, on black.
 */
export const childModeStyles = css`
  :host([child-mode]) {
    overscroll-behavior: contain;
  }
  :host([child-mode]) .app[data-screen='live'],
  :host([child-mode]) .app[data-screen='lobby'] {
    height: calc(var(--vk-max-height, 100dvh) - 2 * var(--_vk-pad));
    touch-action: none;
  }
  :host(:fullscreen) {
    --vk-max-height: 100dvh;
    border-radius: 0;
  }
  :host([child-mode]:fullscreen) {
    background: #000000;
  }
  .screen > .child-area {
    flex: 1 1 auto;
    min-height: 0;
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
    -webkit-touch-callout: none;
  }
  .stage-area.child-area > vk-stage {
    flex: 1 1 auto;
  }
  .gate {
    position: absolute;
    top: calc(var(--_vk-space) * 0.5);
    inset-inline-end: calc(var(--_vk-space) * 0.5);
    z-index: 3;
  }
  .child-warning {
    position: absolute;
    top: calc(var(--_vk-space) * 0.5);
    left: 50%;
    transform: translateX(-50%);
    z-index: 2;
    display: flex;
    align-items: center;
    gap: 0.4em;
    max-width: calc(100% - 2 * var(--vk-adult-gate-size, 56px) - 2 * var(--_vk-space));
    padding: 0.4em 0.8em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
    font-size: clamp(1.25rem, 4.5vw, 2.25rem);
    font-weight: 700;
    text-align: center;
    box-shadow: 0 2px 12px rgb(0 0 0 / 0.4);
  }
  .child-warning svg {
    flex: none;
    width: 1.4em;
    height: 1.4em;
  }
  .adult {
    position: absolute;
    inset-inline: 0;
    bottom: 0;
    z-index: 4;
    max-height: 100%;
    overflow: auto;
    touch-action: auto;
    user-select: text;
    padding: var(--_vk-space);
    border-radius: var(--_vk-radius);
    background: var(--_vk-bg);
    box-shadow: 0 -4px 16px rgb(0 0 0 / 0.35);
  }
  .adult-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
  }
  .adult-head h2 {
    margin: 0;
  }
  .adult p {
    margin: 0.25em 0;
  }
  .adult-row {
    justify-content: center;
  }
  .dim-hint {
    margin: var(--_vk-space) 0 0;
    padding: 0.6em 0.9em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
`;
