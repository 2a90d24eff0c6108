import type { Ledger, UnbilledReason } from '@visitkit/core/protocol';
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

/** Why a stretch was not billed, in words a family or an auditor understands. */
function unbilledText(reason: UnbilledReason): string {
  switch (reason) {
    case 'before-start':
      return 'before the start time (waiting room)';
    case 'waiting-for-monitor':
      return 'waiting for an officer to monitor';
    case 'one-party-only':
      return 'only one side connected';
    case 'after-termination':
      return 'after staff ended the visit';
    case 'after-end':
      return 'after the end time';
    default: {
      const unreachable: never = reason;
      return String(unreachable);
    }
  }
}

/**
 * The staff view of a visit's ledger: billable time, the unbilled stretches and why, end cause, each
 * participant's connected intervals and consents, and the staff actions. Names come from the server but are
 * still rendered as text.
 *
 * @example
 * visitPage(ctx, 'staff', visit, { ledger: ledgerView(buildLedger(visit.id, events), 'en', 'America/Chicago') });
 */
export function ledgerView(ledger: Ledger, lang: Lang, timeZone: string): SafeHtml {
  const time = new Intl.DateTimeFormat(lang, { timeStyle: 'medium', timeZone });
  const at = (iso: string | null) => (iso ? time.format(new Date(iso)) : '—');
  return html`<dl class="ledger-summary">
  <dt>Billable (both sides connected and able to see and hear each other)</dt><dd data-testid="both-connected">${formatSeconds(ledger.billableSeconds)}</dd>
  <dt>Not billed</dt><dd data-testid="unbilled-total">${formatSeconds(ledger.unbilled.reduce((sum, u) => sum + u.seconds, 0))}</dd>
  <dt>Ended</dt><dd data-testid="end-cause" data-cause="${ledger.end?.cause ?? ''}">${endText(ledger)}</dd>
  <dt>Events recorded</dt><dd>${ledger.eventCount}</dd>
</dl>
${
  ledger.unbilled.length > 0
    ? html`<table data-testid="unbilled">
  <caption>Not billed</caption>
  <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">Duration</th><th scope="col">Why</th></tr></thead>
  <tbody>${ledger.unbilled.map(
    (u) =>
      html`<tr data-reason="${u.reason}"><td>${at(u.from)}</td><td>${at(u.to)}</td><td>${formatSeconds(u.seconds)}</td><td>${unbilledText(u.reason)}</td></tr>`,
  )}</tbody>
</table>`
    : ''
}
<table>
  <caption>Participants</caption>
  <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Connected</th><th scope="col">Intervals</th><th scope="col">Agreed to the rules</th></tr></thead>
  <tbody>${ledger.participants.map(
    (
      p,
    ) => html`<tr data-identity="${p.identity}"><td>${p.name ?? p.identity}</td><td>${p.role ?? '—'}</td><td>${formatSeconds(p.connectedSeconds)}</td>
    <td>${p.intervals.map((i) => html`<div>${at(i.joinedAt)} – ${at(i.leftAt)}${i.leaveReason ? ` (${i.leaveReason})` : ''}</div>`)}</td>
    <td>${
      p.consents.length > 0
        ? p.consents.map(
            (c) =>
              html`<div data-testid="consent">${at(c.acceptedAt)}${c.textSha256 ? html` <code title="SHA-256 of the rules text">${c.textSha256.slice(0, 12)}…</code>` : ''}</div>`,
          )
        : '—'
    }</td></tr>`,
  )}</tbody>
</table>
${
  ledger.staffActions.length > 0
    ? html`<table>
  <caption>Staff actions</caption>
  <thead><tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Staff</th><th scope="col">Detail</th></tr></thead>
  <tbody>${ledger.staffActions.map((a) => html`<tr><td>${at(a.at)}</td><td>${a.action}</td><td>${a.staff}</td><td>${a.detail}</td></tr>`)}</tbody>
</table>`
    : ''
}`;
}
