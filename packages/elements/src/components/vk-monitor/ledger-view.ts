import { html, nothing, type TemplateResult } from 'lit';
import type { Ledger } from '@visitkit/core/protocol';
import type { Lang, MessageKey } from '../../i18n/catalog.js';
import { formatDuration } from '../../i18n/translate.js';

/**
 * The ledger summary of `<vk-monitor>`: time the resident and a visitor were connected together, and each
 * participant's connected time. Names are untrusted text and render as text.
 */
export function ledgerView(
  lang: Lang,
  t: (key: MessageKey) => string,
  ledger: Ledger | undefined,
  failed: boolean,
  refresh: () => void,
): TemplateResult {
  return html`<section part="ledger" aria-labelledby="ledger-heading">
    <h3 id="ledger-heading">${t('monitor.ledger')}</h3>
    ${
      ledger
        ? html`<dl>
          <dt>${t('monitor.together')}</dt>
          <dd>${formatDuration(lang, ledger.bothConnectedSeconds * 1000)}</dd>
          ${ledger.participants.map(
            (p) => html`<dt>${p.name || p.identity}</dt>
              <dd>${formatDuration(lang, p.connectedSeconds * 1000)}</dd>`,
          )}
        </dl>`
        : failed
          ? html`<p>${t('monitor.ledgerUnavailable')}</p>`
          : nothing
    }
    <button @click=${refresh}>${t('monitor.refresh')}</button>
  </section>`;
}
