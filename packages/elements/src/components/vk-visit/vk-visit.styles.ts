import { css } from 'lit';

export const visitStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    background: var(--_vk-bg);
    border-radius: var(--_vk-radius);
    padding: var(--_vk-space);
    min-width: 0;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
    margin-bottom: calc(var(--_vk-space) * 0.75);
  }
  .screen {
    position: relative;
    display: grid;
    gap: calc(var(--_vk-space) * 0.75);
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
      padding: calc(var(--_vk-space) * 0.5);
    }
  }
`;
