import { css } from 'lit';

export const stageStyles = css`
  :host {
    display: block;
    position: relative;
  }
  .remote {
    display: grid;
    gap: calc(var(--_vk-space) * 0.5);
    grid-template-columns: 1fr;
  }
  .remote[data-count='2'],
  .remote[data-count='3'],
  .remote[data-count='4'] {
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
  }
  .alone {
    display: grid;
    place-items: center;
    min-height: 10rem;
    aspect-ratio: 16 / 9;
    background: var(--_vk-tile-bg);
    color: #ffffff;
    border-radius: var(--_vk-radius);
    padding: 1em;
    text-align: center;
  }
  .self {
    position: absolute;
    right: calc(var(--_vk-space) * 0.5);
    bottom: calc(var(--_vk-space) * 0.5);
    width: var(--vk-self-view-width, clamp(6rem, 28%, 16rem));
    box-shadow: 0 2px 10px rgb(0 0 0 / 0.45);
    border-radius: var(--_vk-radius);
  }
  .audio {
    margin-top: calc(var(--_vk-space) * 0.5);
    padding: 0.5em 0.75em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
`;
