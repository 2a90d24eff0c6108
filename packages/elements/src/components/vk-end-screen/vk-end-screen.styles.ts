import { css } from 'lit';

export const endScreenStyles = css`
  :host {
    display: block;
  }
  fieldset {
    border: 2px solid var(--_vk-border);
    border-radius: var(--_vk-radius);
    margin: var(--_vk-space) 0;
    padding: 0.5em var(--_vk-space) var(--_vk-space);
  }
  legend {
    font-weight: 600;
    padding: 0 0.3em;
  }
  .stars {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
  }
  .stars label {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    min-height: var(--_vk-target);
    padding: 0 0.6em;
    border: 2px solid var(--_vk-border);
    border-radius: var(--_vk-radius);
    cursor: pointer;
  }
  .stars input {
    width: 1.2em;
    height: 1.2em;
    accent-color: var(--_vk-accent);
  }
  textarea {
    width: 100%;
    min-height: 5em;
  }
  .report {
    display: grid;
    gap: 0.3em;
    margin-bottom: var(--_vk-space);
  }
`;
