import { css } from 'lit';

/**
 * Why (kept out of the CSS text, which ships as-is):
 * - `.goodbye svg` gently waves, unless the user asked for reduced motion (the shared tokens stop animations).
 */
export const endScreenStyles = css`
  :host {
    display: block;
  }
  .goodbye {
    display: grid;
    justify-items: center;
    text-align: center;
    gap: 0.25em;
    padding: var(--_vk-space) 0;
  }
  .goodbye svg {
    width: min(9rem, 40vw);
    height: auto;
    color: var(--vk-color-goodbye, var(--_vk-accent));
    transform-origin: 40% 90%;
    animation: wave 1.6s ease-in-out 3;
  }
  .goodbye h2 {
    font-size: 2em;
    margin: 0;
  }
  .goodbye p {
    font-size: 1.2em;
    margin: 0;
  }
  @keyframes wave {
    0%,
    100% {
      transform: rotate(0deg);
    }
    25% {
      transform: rotate(14deg);
    }
    75% {
      transform: rotate(-10deg);
    }
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
