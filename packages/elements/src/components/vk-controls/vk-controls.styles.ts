import { css } from 'lit';

export const controlsStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_vk-space) * 0.5);
    justify-content: center;
    padding: calc(var(--_vk-space) * 0.5) 0;
  }
  button.off {
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
  .devices {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_vk-space);
    padding: var(--_vk-space);
    border-radius: var(--_vk-radius);
    background: var(--_vk-surface);
  }
  .request,
  .mic-off {
    text-align: center;
    padding: 0.4em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
`;
