import { css } from 'lit';

export const prejoinStyles = css`
  :host {
    display: block;
  }
  .layout {
    display: grid;
    gap: var(--_vk-space);
    grid-template-columns: 1fr;
  }
  @media (min-width: 48rem) {
    .layout {
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    }
  }
  .preview {
    position: relative;
    aspect-ratio: 16 / 9;
    background: var(--_vk-tile-bg);
    color: #ffffff;
    border-radius: var(--_vk-radius);
    overflow: hidden;
    display: grid;
    place-items: center;
  }
  video {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }
  .side {
    display: grid;
    gap: var(--_vk-space);
    align-content: start;
  }
  meter {
    width: 100%;
    height: 1.2em;
  }
  .consent {
    border: 2px solid var(--_vk-border);
    border-radius: var(--_vk-radius);
    padding: 0.5em var(--_vk-space) var(--_vk-space);
    margin: 0;
  }
  .consent legend {
    font-weight: 600;
  }
  .consent .rules {
    max-height: 12rem;
    overflow: auto;
  }
  .agree {
    display: flex;
    gap: 0.5em;
    align-items: center;
    min-height: var(--_vk-target);
  }
  .agree input {
    width: 1.4em;
    height: 1.4em;
    accent-color: var(--_vk-accent);
  }
  .problem {
    color: var(--_vk-danger);
    font-weight: 600;
    margin: 0;
  }
  .status[data-status='unreachable'] {
    color: var(--_vk-danger);
  }
  .join {
    width: 100%;
    font-size: 1.1em;
  }
`;
