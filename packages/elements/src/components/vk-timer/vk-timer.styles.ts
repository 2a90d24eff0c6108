import { css } from 'lit';

export const timerStyles = css`
  :host {
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.3em;
  }
  .time {
    font-variant-numeric: tabular-nums;
    font-weight: 700;
    font-size: 1.2em;
    padding: 0.2em 0.6em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-surface);
  }
  .time[data-warning] {
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
  .warning {
    padding: 0.3em 0.6em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
    font-weight: 600;
  }
`;
