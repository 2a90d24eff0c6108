import { css } from 'lit';

/** Logical properties only (`inset-inline-start`, `inline-size`, …): the timeline mirrors under `dir="rtl"`. */
export const timelineStyles = css`
  :host {
    display: block;
    --_vk-tl-connected: var(--vk-timeline-connected-color, light-dark(#4a78a8, #7fa9d6));
    --_vk-tl-billed: var(--vk-timeline-billed-color, light-dark(#1d7a3a, #6fd08e));
    --_vk-tl-unbilled: var(--vk-timeline-unbilled-color, light-dark(#8a5a00, #f0c060));
    --_vk-tl-lane: var(--vk-timeline-lane-size, 1.6rem);
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.5rem;
    margin: 0 0 0.75rem;
  }
  .summary div {
    display: flex;
    gap: 0.4rem;
  }
  .summary dt {
    color: var(--_vk-muted);
  }
  .summary dd {
    margin: 0;
    font-weight: 600;
  }
  .chart {
    display: grid;
    grid-template-columns: fit-content(40%) 1fr;
    gap: 0.35rem 0.75rem;
    align-items: center;
    padding: 0.75rem;
    border-radius: var(--_vk-radius);
    background: var(--_vk-surface);
  }
  .label {
    overflow-wrap: anywhere;
    font-size: 0.9em;
  }
  .label small {
    display: block;
    color: var(--_vk-muted);
  }
  .track {
    position: relative;
    block-size: var(--_vk-tl-lane);
    border-block-end: 1px solid var(--_vk-border);
  }
  .bar {
    position: absolute;
    inset-block: 0.2rem;
    border-radius: 0.3rem;
    min-inline-size: 2px;
  }
  .bar.connected {
    background: var(--_vk-tl-connected);
  }
  .bar.connected[data-open] {
    border-inline-end: 3px dashed var(--_vk-text);
  }
  .bar.billed {
    background: var(--_vk-tl-billed);
  }
  .bar.unbilled {
    background: repeating-linear-gradient(135deg, var(--_vk-tl-unbilled) 0 6px, transparent 6px 10px);
    border: 2px solid var(--_vk-tl-unbilled);
  }
  .mark {
    position: absolute;
    inset-block-start: 50%;
    translate: -50% -50%;
    inline-size: 1.2rem;
    block-size: 1.2rem;
    display: grid;
    place-items: center;
    border-radius: 50%;
    font-size: 0.75rem;
    font-weight: 700;
    background: var(--_vk-bg);
    border: 2px solid var(--_vk-text);
  }
  :host(:dir(rtl)) .mark {
    translate: 50% -50%;
  }
  .mark.warning {
    background: var(--_vk-warning-bg);
    color: var(--_vk-warning-text);
  }
  /* The server's own reminder: the warning's colours, outlined, so it reads apart from a warning from staff. */
  .mark.reminder {
    color: var(--_vk-warning-text);
    border-style: dashed;
  }
  .mark.end {
    border-radius: 0.2rem;
    background: var(--_vk-text);
    color: var(--_vk-bg);
  }
  .axis {
    display: flex;
    justify-content: space-between;
    font-size: 0.8em;
    color: var(--_vk-muted);
    font-variant-numeric: tabular-nums;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem 1rem;
    margin: 0.5rem 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.85em;
  }
  .legend li {
    display: flex;
    align-items: center;
    gap: 0.35rem;
  }
  .swatch {
    display: inline-block;
    inline-size: 1.2rem;
    block-size: 0.8rem;
    border-radius: 0.2rem;
  }
  .swatch.bar,
  .mark.key {
    position: static;
    translate: none;
  }
  .toggle {
    margin-block-start: 0.75rem;
    min-block-size: var(--_vk-target);
    padding-inline: 1rem;
    font: inherit;
    border: 1px solid var(--_vk-border);
    border-radius: var(--_vk-radius);
    background: var(--_vk-bg);
    color: var(--_vk-text);
    cursor: pointer;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
    margin-block-start: 0.75rem;
    font-size: 0.9em;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.3rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.3rem 0.5rem;
    border-block-end: 1px solid var(--_vk-border);
    vertical-align: top;
  }
  td:first-child {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .status {
    margin: 0;
    color: var(--_vk-muted);
  }
  .status[role='alert'] {
    color: var(--_vk-danger);
  }
`;
