import { css } from 'lit';
import { hostHiddenWhenEmpty } from '../../internal/shared-styles.js';

export const noticeStyles = css`
  :host {
    display: block;
  }
  ${hostHiddenWhenEmpty}
  .policy {
    margin: 0;
    padding: 0.4em 0.75em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-surface);
    border-inline-start: 4px solid var(--_vk-accent);
    font-weight: 600;
  }
  .announcements {
    display: grid;
    gap: 0.4em;
  }
  .policy + .announcements {
    margin-top: 0.4em;
  }
  .announcement {
    display: flex;
    gap: 0.5em;
    align-items: center;
    justify-content: space-between;
    padding: 0.4em 0.75em;
    border-radius: var(--_vk-radius);
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
  .announcement p {
    margin: 0;
    overflow-wrap: anywhere;
  }
`;
