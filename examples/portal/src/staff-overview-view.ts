import type { LedgerEnd, Role } from '@visitkit/core/protocol';
import { html, raw, scriptJson, type SafeHtml } from './html.js';
import { strings, type Lang, type PortalStrings } from './portal-i18n.js';
import type { LiveVisitSummary } from './staff-overview.js';

/** Where the overview's fragment is served, for the refresh script. */
export const STAFF_OVERVIEW_PATH = '/staff/overview';
/** How often the staff page refreshes the overview. */
export const STAFF_OVERVIEW_REFRESH_MS = 10_000;

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));

function roleLabel(role: Role | undefined, t: PortalStrings): string {
  switch (role) {
    case 'resident':
      return t.roleResident;
    case 'visitor':
      return t.roleVisitor;
    case 'attorney':
      return t.roleAttorney;
    case 'monitor':
      return t.roleMonitor;
    case undefined:
      return '—';
    default: {
      const unreachable: never = role;
      return unreachable;
    }
  }
}

function endLabel(end: LedgerEnd, t: PortalStrings): string {
  switch (end.cause) {
    case 'user':
    case 'time-limit':
    case 'system':
      return `${t.endedEarly} (${end.cause})`;
    case 'staff':
      return `${t.endedEarly} (staff: ${end.reason})`;
    default: {
      const unreachable: never = end;
      return String(unreachable);
    }
  }
}

/**
 * The list of live visits (a fragment; the staff page embeds it and the refresh script replaces it): per visit
 * its time left, who is connected and since when, whether it is recorded / monitored (privileged visits:
 * "never monitored", and no monitor link), and links to the monitor page and the ledger. Every name is text.
 *
 * @example
 * send(200, staffOverviewList(summarizeLiveVisits(visits, ledgerOf, now), 'en', 'America/Chicago').value);
 */
export function staffOverviewList(summaries: readonly LiveVisitSummary[], lang: Lang, timeZone: string): SafeHtml {
  const t = strings(lang);
  const time = new Intl.DateTimeFormat(lang, { timeStyle: 'short', timeZone });
  if (summaries.length === 0) return html`<p data-testid="no-live-visits">${t.noLiveVisits}</p>`;
  const cards = summaries.map((s) => {
    const href = `/staff/visits/${encodeURIComponent(s.visit.id)}`;
    const minutes = (seconds: number) => Math.ceil(seconds / 60);
    const flags = s.privileged
      ? [t.privilegedShort, t.neverMonitored, t.notRecorded]
      : [s.recorded ? t.recorded : t.notRecorded, s.monitored ? t.monitored : t.notMonitored];
    return html`<li class="card live-visit" data-visit="${s.visit.id}">
  <h3>${s.visit.title}</h3>
  <span class="phase phase-${s.phase}" data-testid="time-left">${
    s.end
      ? endLabel(s.end, t)
      : s.phase === 'lobby'
        ? fill(t.startsIn, { minutes: minutes(s.secondsToStart) })
        : fill(t.minutesLeft, { minutes: minutes(s.secondsLeft) })
  }</span>
  <ul class="flags" data-testid="flags">${flags.map((flag) => html`<li class="tag">${flag}</li>`)}</ul>
  ${
    s.requireMonitor
      ? html`<p class="${s.monitorConnected ? 'watching' : 'alert'}" data-testid="monitor-required">${
          s.monitorConnected ? t.officerWatching : t.waitingForOfficer
        }</p>`
      : s.monitorConnected
        ? html`<p class="watching">${t.officerWatching}</p>`
        : ''
  }
  <h4>${t.connectedNow}</h4>
  ${
    s.connected.length === 0
      ? html`<p data-testid="connected">${t.nobodyConnected}</p>`
      : html`<ul class="people" data-testid="connected">${s.connected.map(
          (p) =>
            html`<li data-identity="${p.identity}"><strong>${p.name}</strong>, ${roleLabel(p.role, t)}, ${fill(
              t.since,
              {
                time: time.format(new Date(p.since)),
              },
            )}</li>`,
        )}</ul>`
  }
  <p class="actions">
    ${s.privileged ? '' : html`<a class="button" href="${href}">${t.monitor}</a>`}
    <a href="${href}#ledger">${t.ledger}</a>
  </p>
</li>`;
  });
  return html`<ul class="cards">${cards}</ul>`;
}

/**
 * The overview section of the staff page: heading, the list, a "Refresh now" button and a polite status that
 * says when the list changed. Every 10 s a script fetches the fragment and swaps it in only when it changed and
 * focus is not inside it, so screen readers are not interrupted by an unchanged list.
 *
 * @example
 * visitListPage(ctx, 'staff', visits, now, { overview: staffOverviewSection(list, 'en') });
 */
export function staffOverviewSection(list: SafeHtml, lang: Lang): SafeHtml {
  const t = strings(lang);
  const script = `
const list = document.getElementById('live-visits-list');
const status = document.getElementById('live-visits-status');
const button = document.getElementById('live-visits-refresh');
const clock = new Intl.DateTimeFormat(document.documentElement.lang, { timeStyle: 'medium' });
const updated = ${scriptJson(t.updatedAt)};
let last = list.innerHTML;
async function refresh(asked) {
  if (!asked && (document.hidden || list.contains(document.activeElement))) return;
  try {
    const response = await fetch(${scriptJson(`${STAFF_OVERVIEW_PATH}?lang=${lang}`)}, { credentials: 'same-origin' });
    // A lapsed session redirects to the sign-in page: keep the list rather than show that page in it.
    if (!response.ok || response.redirected) return;
    const next = await response.text();
    if (next !== last) {
      list.setAttribute('aria-busy', 'true');
      list.innerHTML = next;
      list.removeAttribute('aria-busy');
      last = next;
    } else if (!asked) return;
    status.textContent = updated.replace('{time}', clock.format(new Date()));
  } catch {}
}
button.addEventListener('click', () => refresh(true));
setInterval(() => refresh(false), ${STAFF_OVERVIEW_REFRESH_MS});
`;
  return html`<section aria-labelledby="live-visits-title" class="live-visits">
  <style>
    .live-visits .flags, .live-visits .people { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
    .live-visits .people { display: grid; }
    .live-visits h4 { margin: .3rem 0 0; font-size: .9rem; }
    .live-visits .alert { color: #b3261e; color: light-dark(#b3261e, #ff9a8f); font-weight: 600; margin: 0; }
    .live-visits .watching { margin: 0; }
    .live-visits .actions { display: flex; gap: 1rem; align-items: center; margin: .3rem 0 0; }
    .live-visits .toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
  </style>
  <h2 id="live-visits-title">${t.liveNow}</h2>
  <div class="toolbar">
    <button type="button" class="button" id="live-visits-refresh">${t.refresh}</button>
    <span>${t.autoRefresh}</span>
    <span role="status" aria-live="polite" id="live-visits-status"></span>
  </div>
  <div id="live-visits-list">${list}</div>
  ${raw(`<script type="module">${script}</script>`)}
</section>`;
}
