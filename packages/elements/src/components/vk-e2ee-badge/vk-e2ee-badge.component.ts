import { html, nothing, type PropertyValues } from 'lit';
import type { VisitParticipant } from '@visitkit/core';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import type { VisitClientLike } from '../../visit-client-like.js';
import { e2eeBadgeStyles } from './vk-e2ee-badge.styles.js';

/**
 * What the badge shows: nothing (`none`: not a privileged visit, not connected, or encryption not confirmed yet),
 * `encrypted`, or `warning` when a participant's tracks are not (or no longer) end-to-end encrypted.
 */
export type E2eeBadgeStatus = 'none' | 'encrypted' | 'warning';

/**
 * The badge for a client's current participants. `encrypted` only when the local participant and at least one
 * other publish media and every published track is end-to-end encrypted (as LiveKit reports per participant);
 * `warning` as soon as anyone's tracks are not, on a privileged visit. A participant who publishes nothing yet
 * (just joined) neither confirms nor breaks it.
 */
export function e2eeBadgeStatus(client: VisitClientLike | undefined): E2eeBadgeStatus {
  if (client?.visit?.kind !== 'privileged') return 'none';
  if (client.state !== 'live' && client.state !== 'reconnecting' && client.state !== 'lobby') return 'none';
  const participants: readonly VisitParticipant[] = client.participants;
  if (participants.some((p) => p.e2ee === 'not-encrypted')) return 'warning';
  const local = participants.some((p) => p.isLocal && p.e2ee === 'encrypted');
  const remote = participants.some((p) => !p.isLocal && p.e2ee === 'encrypted');
  return local && remote ? 'encrypted' : 'none';
}

/**
 * @summary "End-to-end encrypted" on a privileged visit, once every track in it is; a warning if that stops.
 *
 * Shows the badge only when LiveKit reports every participant's published tracks as end-to-end encrypted (the
 * server relays ciphertext only), and a warning when a participant's tracks are not. Both are announced
 * politely to screen readers. Renders nothing on social visits.
 *
 * @csspart badge - The "End-to-end encrypted" badge.
 * @csspart warning - The warning shown when media is not (or no longer) encrypted end to end.
 *
 * @cssproperty --vk-color-e2ee - Badge accent (default: the accent color).
 *
 * @example
 * <vk-e2ee-badge .client=${client}></vk-e2ee-badge>
 */
export class VkE2eeBadge extends VkElement {
  static override styles = [tokens, e2eeBadgeStyles];

  /** The status currently shown. */
  get status(): E2eeBadgeStatus {
    return e2eeBadgeStatus(this.client);
  }

  override render() {
    const status = this.status;
    // The live region stays in place so that a change of its text is announced.
    return html`<div role="status">
      ${
        status === 'encrypted'
          ? html`<p class="badge" part="badge"><span class="icon" aria-hidden="true">🔒</span>${this.t('e2ee.badge')}</p>`
          : status === 'warning'
            ? html`<p class="warning" part="warning"><span class="icon" aria-hidden="true">⚠</span>${this.t('e2ee.warning')}</p>`
            : nothing
      }
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.toggleAttribute('data-empty', this.status === 'none');
  }
}
