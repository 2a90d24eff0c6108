import { html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { VisitEndInfo } from '@visitkit/core';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import { formatDuration } from '../../i18n/translate.js';
import { endScreenStyles } from './vk-end-screen.styles.js';

/** A big waving hand for the goodbye screen: a picture a child understands without reading. */
const wavingHand = svg`<g fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round" stroke-linejoin="round">
  <path d="M38 86c-12-6-20-18-22-30l-4-16c-1-4 5-6 7-2l7 14V22c0-4 6-4 6 0v22V16c0-4 6-4 6 0v28V20c0-4 6-4 6 0v26V28c0-4 6-4 6 0v32c0 14-6 24-18 26z"></path>
  <path d="M76 20c4 4 6 9 6 14M84 12c6 6 9 14 9 22M14 20c-3 3-5 7-5 11"></path>
</g>`;

/**
 * @summary Why the visit ended in plain words, how long it lasted, a rating and "Report a problem".
 *
 * @slot - Extra text from the portal (what happens next, how to book again).
 *
 * @event vk-feedback - The user sent a rating and/or a problem report. Detail: `{ rating, problem, reason }`.
 *
 * @csspart heading - The heading.
 * @csspart reason - The reason sentence.
 * @csspart duration - The duration.
 * @csspart feedback - The feedback form.
 * @csspart goodbye - Child mode: the waving hand and "Bye-bye! See you soon".
 *
 * @cssproperty --vk-color-goodbye - Colour of the waving hand in child mode (default the accent colour).
 *
 * @example
 * <vk-end-screen .client=${client}><p>Book your next visit at the front desk.</p></vk-end-screen>
 */
export class VkEndScreen extends VkElement {
  static override styles = [tokens, endScreenStyles];

  /**
   * Child mode: a friendly goodbye (a waving hand, "Bye-bye! See you soon") above the details for the adult,
   * whatever the reason, so a child never sees an end that looks like an error.
   */
  @property({ type: Boolean, reflect: true, attribute: 'child-mode' }) childMode = false;

  /** How the visit ended; defaults to the client's `endInfo`. */
  @property({ attribute: false }) info: VisitEndInfo | undefined;

  @state() private rating: number | undefined;
  @state() private reporting = false;
  @state() private sent = false;

  #problem = '';

  private get endInfo(): VisitEndInfo | undefined {
    return this.info ?? this.client?.endInfo;
  }

  override render() {
    const info = this.endInfo;
    return html`
      ${
        this.childMode
          ? html`<div class="goodbye" part="goodbye">
            <svg viewBox="0 0 100 100" aria-hidden="true">${wavingHand}</svg>
            <h2 part="heading" tabindex="-1" data-autofocus>${this.t('child.end.heading')}</h2>
            <p>${this.t('child.end.body')}</p>
          </div>`
          : html`<h2 part="heading" tabindex="-1" data-autofocus>${this.t('end.heading')}</h2>`
      }
      ${
        info
          ? html`<p part="reason">${this.t(`end.reason.${info.reason}`)}</p>
            ${info.message ? html`<p>${this.t('end.staffReason', { message: info.message })}</p>` : nothing}
            <p part="duration">
              ${this.t('end.duration', { duration: formatDuration(this.locale, info.liveDurationMs) })}
            </p>`
          : nothing
      }
      <slot></slot>
      ${
        this.sent
          ? html`<p role="status">${this.t('end.thanks')}</p>`
          : html`<form part="feedback" @submit=${this.#submit}>
            <fieldset>
              <legend>${this.t('end.ratingLegend')}</legend>
              <div class="stars">
                ${[1, 2, 3, 4, 5].map(
                  (n) => html`<label>
                    <input
                      type="radio"
                      name="rating"
                      .value=${String(n)}
                      .checked=${this.rating === n}
                      @change=${() => (this.rating = n)}
                    />${this.t('end.rating', { number: n })}
                  </label>`,
                )}
              </div>
            </fieldset>
            ${
              this.reporting
                ? html`<div class="report">
                  <label for="problem">${this.t('end.reportLabel')}</label>
                  <textarea
                    id="problem"
                    maxlength="2000"
                    @input=${(e: Event) => (this.#problem = (e.target as HTMLTextAreaElement).value)}
                  ></textarea>
                </div>`
                : nothing
            }
            <div class="row">
              ${
                this.reporting
                  ? nothing
                  : html`<button type="button" @click=${this.#openReport}>${this.t('end.report')}</button>`
              }
              <button type="submit" class="primary" ?disabled=${this.rating === undefined && !this.reporting}>
                ${this.t('end.send')}
              </button>
            </div>
          </form>`
      }
    `;
  }

  async #openReport(): Promise<void> {
    this.reporting = true;
    await this.updateComplete;
    this.renderRoot.querySelector('textarea')?.focus();
  }

  #submit(event: Event): void {
    event.preventDefault();
    const problem = this.#problem.trim();
    if (this.rating === undefined && problem === '') return;
    this.emit('vk-feedback', { rating: this.rating, problem: problem || undefined, reason: this.endInfo?.reason });
    this.sent = true;
  }
}
