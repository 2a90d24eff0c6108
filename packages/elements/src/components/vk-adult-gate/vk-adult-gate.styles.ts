import { css } from 'lit';

/**
 * Why (kept out of the CSS text, which ships as-is):
 * - `.gate` `touch-action`/`user-select`/`-webkit-touch-callout`: a long press must not scroll, select text or open
 *   the phone's context menu, which would cancel the pointer before the hold completes.
 * - `.gate` is a muted, dark round button: it should not attract a child's eye the way a bright button would.
 * - `.fill` starts at 12 o'clock (rotate -90deg) and fills clockwise, like a clock.
 */
export const adultGateStyles = css`
  :host {
    display: inline-grid;
    justify-items: end;
    gap: 0.5em;
  }
  .gate {
    width: var(--vk-adult-gate-size, 56px);
    height: var(--vk-adult-gate-size, 56px);
    min-width: 0;
    padding: 0;
    border-radius: 50%;
    border: 2px solid rgb(255 255 255 / 0.7);
    background: rgb(0 0 0 / 0.6);
    color: #ffffff;
    touch-action: none;
    user-select: none;
    -webkit-user-select: none;
    -webkit-touch-callout: none;
    -webkit-tap-highlight-color: transparent;
  }
  .gate svg {
    width: 100%;
    height: 100%;
    display: block;
  }
  .track,
  .fill {
    fill: none;
    stroke-width: 5;
  }
  .track {
    stroke: rgb(255 255 255 / 0.25);
  }
  .fill {
    stroke: #ffffff;
    stroke-linecap: round;
    transform: rotate(-90deg);
    transform-origin: 50% 50%;
  }
  .code {
    display: grid;
    gap: 0.5em;
    max-width: 18rem;
    padding: var(--_vk-space);
    border-radius: var(--_vk-radius);
    background: var(--_vk-bg);
    color: var(--_vk-text);
    border: 2px solid var(--_vk-border);
  }
  .code input {
    font-size: 1.4em;
    letter-spacing: 0.3em;
    width: 8em;
  }
  .wrong {
    margin: 0;
    color: var(--_vk-danger);
  }
`;
