import { css } from 'lit';

/**
 * Design tokens every element reads. Public `--vk-*` properties override the private `--_vk-*` defaults;
 * `light-dark()` follows the inherited `color-scheme` (set by `<vk-visit theme>` or the page).
 *
 * Why (kept out of the CSS text, which ships as-is):
 * - `[data-empty]`: An empty live region stays in the accessibility tree (it must exist before it speaks, or the
 *   first message is not read) but shows nothing and takes no room: out of the flow, so no gap or margin either.
 * - `[data-empty]` `!important`: wins over each region's own look (padding, colours) while it is empty.
 */
/** Hidden on screen, still read by screen readers (one rule, composed where a selector needs it). */
export const visuallyHiddenRules = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
`;

/** An element with nothing to show (`data-empty`) takes no room but stays in the accessibility tree. */
export const hostHiddenWhenEmpty = css`
  :host([data-empty]) {
    ${visuallyHiddenRules}
  }
`;

export const tokens = css`
  :host {
    --_vk-bg: var(--vk-color-background, light-dark(#ffffff, #16161a));
    --_vk-surface: var(--vk-color-surface, light-dark(#f1f3f6, #24242c));
    --_vk-text: var(--vk-color-text, light-dark(#16161a, #f2f2f5));
    --_vk-muted: var(--vk-color-muted, light-dark(#4a4d57, #c5c7d0));
    --_vk-border: var(--vk-color-border, light-dark(#767985, #8d909c));
    --_vk-accent: var(--vk-color-accent, light-dark(#0b57a4, #9cc3ff));
    --_vk-on-accent: var(--vk-color-on-accent, light-dark(#ffffff, #0b1b33));
    --_vk-danger: var(--vk-color-danger, light-dark(#a3231b, #ffb4ab));
    --_vk-on-danger: var(--vk-color-on-danger, light-dark(#ffffff, #3b0907));
    --_vk-warning-bg: var(--vk-color-warning-background, light-dark(#fff4d6, #4a3a00));
    --_vk-warning-text: var(--vk-color-warning-text, light-dark(#3d2e00, #ffe8a3));
    --_vk-focus: var(--vk-color-focus, light-dark(#0b57a4, #ffd36b));
    --_vk-tile-bg: var(--vk-color-tile-background, #0e0e12);
    --_vk-radius: var(--vk-radius, 12px);
    --_vk-space: var(--vk-space, 1rem);
    --_vk-target: var(--vk-touch-target, 44px);
    --_vk-font: var(--vk-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-family: var(--_vk-font);
    color: var(--_vk-text);
    line-height: 1.45;
    box-sizing: border-box;
  }
  :host([kiosk]) {
    --_vk-target: var(--vk-kiosk-touch-target, 72px);
    font-size: var(--vk-kiosk-font-size, 1.25rem);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_vk-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [data-empty] {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    border: 0 !important;
    overflow: hidden !important;
    clip-path: inset(50%) !important;
    white-space: nowrap !important;
    background: none !important;
  }
  h2,
  h3 {
    margin: 0 0 calc(var(--_vk-space) * 0.75);
    line-height: 1.2;
  }
  h2 {
    font-size: 1.4em;
  }
  h3 {
    font-size: 1.1em;
  }
  h2:focus,
  h3:focus {
    outline: none;
  }
  button,
  select,
  textarea,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: var(--_vk-target);
    min-width: var(--_vk-target);
    padding: 0.5em 1.1em;
    border-radius: var(--_vk-radius);
    border: 2px solid var(--_vk-border);
    background: var(--_vk-surface);
    color: var(--_vk-text);
    cursor: pointer;
  }
  button.primary {
    background: var(--_vk-accent);
    border-color: var(--_vk-accent);
    color: var(--_vk-on-accent);
    font-weight: 600;
  }
  button.danger {
    background: var(--_vk-danger);
    border-color: var(--_vk-danger);
    color: var(--_vk-on-danger);
    font-weight: 600;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  select,
  textarea,
  input[type='text'] {
    min-height: var(--_vk-target);
    border: 2px solid var(--_vk-border);
    border-radius: calc(var(--_vk-radius) / 2);
    background: var(--_vk-bg);
    padding: 0.4em 0.6em;
    max-width: 100%;
  }
  dialog {
    background: var(--_vk-bg);
    color: var(--_vk-text);
    border: 2px solid var(--_vk-border);
    border-radius: var(--_vk-radius);
    padding: calc(var(--_vk-space) * 1.5);
    max-width: min(28rem, calc(100vw - 2rem));
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.55);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_vk-space) * 0.5);
    align-items: center;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
