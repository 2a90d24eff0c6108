import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import type { VisitAnnouncement } from '@visitkit/core';
import { CANNED_WARNINGS } from '@visitkit/core/protocol';
import type { Visit } from '@visitkit/core/protocol';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import type { MessageKey } from '../../i18n/catalog.js';
import type { VisitClientLike } from '../../visit-client-like.js';
import { noticeStyles } from './vk-notice.styles.js';

type Canned = (typeof CANNED_WARNINGS)[number];
const isCanned = (code: string): code is Canned => (CANNED_WARNINGS as readonly string[]).includes(code);

/** The key of the persistent notice for a visit's policy, or `undefined` when there is nothing to say. */
export function policyNoticeKey(visit: Visit | undefined): MessageKey | undefined {
  if (!visit) return undefined;
  if (visit.kind === 'privileged') return 'notice.privileged';
  if (visit.monitored && visit.recorded) return 'notice.monitored';
  if (visit.monitored) return 'notice.monitoredOnly';
  if (visit.recorded) return 'notice.recordedOnly';
  return undefined;
}

/**
 * @summary The visit's persistent monitoring notice and staff announcements.
 *
 * Shows "This visit is monitored and recorded" (or, on privileged visits, "This visit is not recorded or
 * monitored") for as long as the visit runs. Staff announcements are announced to screen readers and
 * shown as text only until dismissed.
 *
 * @csspart policy - The persistent notice.
 * @csspart announcement - Each staff announcement.
 *
 * @example
 * <vk-notice .client=${client}></vk-notice>
 */
export class VkNotice extends VkElement {
  static override styles = [tokens, noticeStyles];

  @state() private announcements: ReadonlyArray<VisitAnnouncement & { key: number }> = [];
  #next = 0;

  protected override subscribe(client: VisitClientLike): Array<() => void> {
    return [
      client.on('announcement', (announcement) => {
        // Keep the three latest; older ones have been read out already.
        this.announcements = [...this.announcements, { ...announcement, key: ++this.#next }].slice(-3);
      }),
    ];
  }

  override render() {
    const key = policyNoticeKey(this.client?.visit);
    return html`
      ${key ? html`<p class="policy" part="policy">${this.t(key)}</p>` : nothing}
      <div class="announcements" role="alert" ?data-empty=${this.announcements.length === 0}>
        ${this.announcements.map(
          (a) => html`<div class="announcement" part="announcement">
            <p>
              <strong>${this.t('notice.fromStaff')}:</strong>
              ${this.t(isCanned(a.code) ? `warning.${a.code}` : 'warning.other')} ${a.message ?? ''}
            </p>
            <button aria-label=${this.t('notice.dismiss')} @click=${() => this.#dismiss(a.key)}>×</button>
          </div>`,
        )}
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Nothing to say: the element takes no room in the page (its live region is still there to speak).
    this.toggleAttribute('data-empty', !policyNoticeKey(this.client?.visit) && this.announcements.length === 0);
  }

  #dismiss(key: number): void {
    this.announcements = this.announcements.filter((a) => a.key !== key);
  }
}
