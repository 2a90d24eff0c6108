import { css } from 'lit';

/**
 * Why (kept out of the CSS text, which ships as-is):
 * - `:host`: A column that fits the box it is given: with a height (or max-height) from the page, the video
 *   shrinks so the controls stay inside. During the visit (waiting room and call) the widget is also never taller
 *   than --vk-max-height (default: the screen).
 * - `.app` `height: 100%`: Still fills a height the page sets when the page also made the element display: block.
 * - `.screen > .stage-area`: The video area gives way (and the videos in it shrink) when the widget is short on
 *   height.
 */
export const visitStyles = css`
  :host {
    --_vk-pad: var(--_vk-space);
    display: flex;
    flex-direction: column;
    color-scheme: light dark;
    background: var(--_vk-bg);
    border-radius: var(--_vk-radius);
    padding: var(--_vk-pad);
    min-width: 0;
  }
  .app {
    flex: 1 1 auto;
    min-height: 0;
    height: 100%;
    display: flex;
    flex-direction: column;
  }
  .app[data-screen='live'],
  .app[data-screen='lobby'] {
    max-height: calc(var(--vk-max-height, 100dvh) - 2 * var(--_vk-pad));
  }
  .app[data-screen='live'] .screen,
  .app[data-screen='lobby'] .screen {
    flex: 1 1 auto;
    min-height: 0;
  }
  .header {
    flex: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
    margin-bottom: calc(var(--_vk-space) * 0.75);
  }
  .screen {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_vk-space) * 0.75);
  }
  .screen > * {
    flex: none;
  }
  .screen > .stage-area,
  .screen > vk-stage {
    flex: 0 1 auto;
    min-height: 0;
  }
  .stage-area {
    position: relative;
    display: flex;
    flex-direction: column;
  }
  .stage-area > vk-stage {
    flex: 0 1 auto;
    min-height: 0;
  }
  .centered {
    text-align: center;
    padding: calc(var(--_vk-space) * 2) var(--_vk-space);
    display: grid;
    gap: var(--_vk-space);
    justify-items: center;
  }
  .spinner {
    width: 2.5rem;
    height: 2.5rem;
    border-radius: 50%;
    border: 4px solid var(--_vk-surface);
    border-top-color: var(--_vk-accent);
    animation: spin 1s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .countdown {
    font-size: 2em;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    margin: 0;
  }
  .overlay {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: center;
    text-align: center;
    gap: 0.5em;
    background: rgb(0 0 0 / 0.7);
    color: #ffffff;
    border-radius: var(--_vk-radius);
    z-index: 2;
    padding: var(--_vk-space);
  }
  .help {
    max-width: 36rem;
    padding: 0.75em 1em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-surface);
    text-align: start;
  }
  .muted {
    color: var(--_vk-muted);
  }
  @media (max-width: 30rem) {
    :host {
      --_vk-pad: calc(var(--_vk-space) * 0.5);
    }
  }
`;
