import type { Ledger } from '@visitkit/core/protocol';
import { html, type SafeHtml } from './html.js';
import type { Lang } from './portal-i18n.js';

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

function endText(ledger: Ledger): string {
  const end = ledger.end;
  if (!end) return 'not ended';
  switch (end.cause) {
    case 'user':
      return `left by ${end.identity ?? 'a participant'}`;
    case 'staff':
      return `terminated by ${end.identity}: ${end.reason}`;
    case 'time-limit':
      return 'time limit reached';
    case 'system':
      return `system${end.detail ? ` (${end.detail})` : ''}`;
    default: {
      const unreachable: never = end;
      return String(unreachable);
    }
  }
}

/**
 * The staff view of a visit's ledger: billable time, end cause, each participant's connected intervals
 * and the staff actions. Names come from the server but are still rendered as text.
 *
 * @example
 * visitPage(ctx, 'staff', visit, { ledger: ledgerView(buildLedger(visit.id, events), 'en', 'America/Chicago') });
 */
export function ledgerView(ledger: Ledger, lang: Lang, timeZone: string): SafeHtml {
  const time = new Intl.DateTimeFormat(lang, { timeStyle: 'medium', timeZone });
  const at = (iso: string | null) => (iso ? time.format(new Date(iso)) : '—');
  return html`<dl class="ledger-summary">
  <dt>Both parties connected (billable)</dt><dd data-testid="both-connected">${formatSeconds(ledger.bothConnectedSeconds)}</dd>
  <dt>Ended</dt><dd data-testid="end-cause" data-cause="${ledger.end?.cause ?? ''}">${endText(ledger)}</dd>
  <dt>Events recorded</dt><dd>${ledger.eventCount}</dd>
</dl>
<table>
  <caption>Participants</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Connected</th><th scope="col">Intervals</th></tr></thead>
  <tbody>${ledger.participants.map(
    (p) => html`<tr data-identity="${p.identity}"><td>${p.name ?? p.identity}</td><td>${p.role ?? '—'}</td><td>${formatSeconds(p.connectedSeconds)}</td>
    <td>${p.intervals.map((i) => html`<div>${at(i.joinedAt)} – ${at(i.leftAt)}${i.leaveReason ? ` (${i.leaveReason})` : ''}</div>`)}</td></tr>`,
  )}</tbody>
</table>
${ledger.staffActions.length > 0
    ? html`<table>
  <caption>Staff actions</caption>
  <thead><tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Staff</th><th scope="col">Detail</th></tr></thead>
  <tbody>${ledger.staffActions.map((a) => html`<tr><td>${at(a.at)}</td><td>${a.action}</td><td>${a.staff}</td><td>${a.detail}</td></tr>`)}</tbody>
</table>`
    : ''}`;
}
