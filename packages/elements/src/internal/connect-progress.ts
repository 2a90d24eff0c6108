import { html, type TemplateResult } from 'lit';
import type { ConnectProgress } from '@visitkit/core';
import type { MessageKey, MessageParams } from '../i18n/catalog.js';

/**
 * The "Still connecting… (attempt n)" line of a first connect that takes long (`VisitClient.connectProgress`), or
 * nothing while it connects normally. Shared by `<vk-visit>` and `<vk-monitor>`, which both expose it as the
 * `connect-progress` part; the caller puts it inside a polite live region that exists before the line changes.
 */
export function connectProgressLine(
  t: (key: MessageKey, params?: MessageParams) => string,
  progress: ConnectProgress | undefined,
): TemplateResult {
  if (!progress) return html``;
  return html`<p part="connect-progress" data-reason=${progress.reason}>
    ${t(`connecting.${progress.reason}`, { attempt: String(progress.attempt) })}
  </p>`;
}
