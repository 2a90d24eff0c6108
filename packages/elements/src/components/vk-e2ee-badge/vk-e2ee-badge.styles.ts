import { css } from 'lit';
import { hostHiddenWhenEmpty } from '../../internal/shared-styles.js';

export const e2eeBadgeStyles = css`
  :host {
    display: block;
  }
  ${hostHiddenWhenEmpty}
  p {
    display: inline-flex;
    gap: 0.4em;
    align-items: center;
    margin: 0;
    padding: 0.25em 0.75em;
    border-radius: var(--_vk-radius);
    font-weight: 600;
  }
  .badge {
    background: var(--_vk-surface);
    border: 2px solid var(--vk-color-e2ee, var(--_vk-accent));
  }
  .warning {
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
`;
