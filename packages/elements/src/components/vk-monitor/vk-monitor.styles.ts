import { css } from 'lit';

export const monitorStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    background: var(--_vk-bg);
    border-radius: var(--_vk-radius);
    padding: var(--_vk-space);
  }
  .layout {
    display: grid;
    gap: var(--_vk-space);
    grid-template-columns: 1fr;
  }
  @media (min-width: 60rem) {
    .layout {
      grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr);
    }
  }
  .panel {
    display: grid;
    gap: var(--_vk-space);
    align-content: start;
  }
  section {
    border: 2px solid var(--_vk-border);
    border-radius: var(--_vk-radius);
    padding: calc(var(--_vk-space) * 0.75);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  dl {
    margin: 0;
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.25em 0.75em;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  textarea {
    width: 100%;
    min-height: 5em;
  }
  .problem {
    color: var(--_vk-danger);
    font-weight: 600;
  }
`;
