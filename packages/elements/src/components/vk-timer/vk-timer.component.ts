import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import { formatClock, formatDuration } from '../../i18n/translate.js';
import type { VisitClientLike } from '../../visit-client-like.js';
import { timerStyles } from './vk-timer.styles.js';

/**
 * @summary Time left in the visit on the server clock, with time warnings shown and announced.
 *
 * Warnings (from the visit's schedule or sent by the server) are announced to screen readers once;
 * the running clock itself is not announced every second.
 *
 * @csspart time - The countdown.
 * @csspart warning - The latest warning.
 *
 * @cssproperty --vk-color-warning-background - Background of warnings.
 * @cssproperty --vk-color-warning-text - Text of warnings.
 *
 * @example
 * <vk-timer .client=${client}></vk-timer>
 */
export class VkTimer extends VkElement {
  static override styles = [tokens, timerStyles];

  /** Seconds left of the latest warning, if one came. */
  @state() private warningSeconds: number | undefined;

  protected override subscribe(client: VisitClientLike): Array<() => void> {
    return [
      client.on('warning', (warning) => {
        this.warningSeconds = warning.secondsLeft;
      }),
    ];
  }

  override render() {
    const left = this.client?.timeLeftMs;
    const warning =
      this.warningSeconds === undefined
        ? ''
        : this.t('timer.warning', { duration: formatDuration(this.locale, this.warningSeconds * 1000) });
    return html`
      ${
        left === undefined
          ? nothing
          : html`<span
            class="time"
            part="time"
            role="timer"
            aria-label=${this.t('timer.label')}
            ?data-warning=${this.warningSeconds !== undefined}
            >${this.t('timer.left', { time: formatClock(this.locale, left) })}</span
          >`
      }
      <div class="warning" part="warning" role="alert" ?data-empty=${!warning}>${warning || nothing}</div>
    `;
  }
}
