import { html, raw, scriptJson, type SafeHtml } from './html.js';
import { LANG_NAMES, PORTAL_LANGS, RTL_PORTAL_LANGS, strings, type Lang, type PortalStrings } from './portal-i18n.js';
import type { User } from './users.js';
import { visitPhase, type ScheduledVisit, type VisitPhase } from './visits.js';

/** Which portal area a page belongs to; each is for one kind of user. */
export type PortalArea = 'family' | 'kiosk' | 'attorney' | 'staff';

/** The area each kind of user lands on after signing in. */
export const HOME: Record<User['kind'], PortalArea> = {
  family: 'family',
  resident: 'kiosk',
  attorney: 'attorney',
  officer: 'staff',
};

/** What every page needs to know about the request. */
export interface PageContext {
  lang: Lang;
  user: User | undefined;
  importMap: { imports: Record<string, string> };
  timeZone: string;
  /** Path of the current page, for the language switch. */
  path: string;
}

const STYLES = `
:root { color-scheme: light dark; --brand: #1f5f8b; font-family: system-ui, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: Canvas; color: CanvasText; }
header.bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; background: var(--brand); color: #fff; }
header.bar a { color: #fff; }
header.bar nav.languages ul { display: flex; gap: .75rem; list-style: none; margin: 0; padding: 0; }
header.bar nav.languages [aria-current="page"] { font-weight: 700; text-decoration: none; }
/* Links that stand alone (not in a sentence) are at least 24 px tall, like every other target (WCAG 2.5.8). */
header.bar a, .visit-head > a, .actions a, .history-link a { display: inline-flex; align-items: center; min-height: 24px; }
.brand { font-weight: 700; text-decoration: none; font-size: 1.1rem; }
.badge { background: #ffd166; color: #222; border-radius: 999px; padding: .1rem .6rem; font-size: .8rem; font-weight: 700; }
.spacer { flex: 1; }
header form { margin: 0; }
header button { font: inherit; background: transparent; color: #fff; border: 1px solid #fff8; border-radius: .4rem; padding: .25rem .6rem; cursor: pointer; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.notice { border-inline-start: 4px solid #ffd166; background: #ffd16622; padding: .6rem .8rem; border-radius: .3rem; }
ul.cards { list-style: none; padding: 0; display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.card { border: 1px solid #8884; border-radius: .6rem; padding: .8rem 1rem; display: grid; gap: .35rem; }
.card h3 { margin: 0; font-size: 1.05rem; }
.phase { font-size: .85rem; font-weight: 600; }
.phase-open, .phase-lobby { color: #0a7d32; color: light-dark(#0a7d32, #6fdc95); }
/* Muted, but still 4.5:1 on the page background in both schemes (WCAG 1.4.3). */
.phase-over { color: #595959; color: light-dark(#595959, #b3b3b3); }
.tag { font-size: .8rem; opacity: .8; }
a.button, button.button { display: inline-block; text-align: center; background: var(--brand); color: #fff; text-decoration: none; padding: .55rem 1rem; border-radius: .4rem; border: 0; font: inherit; font-weight: 600; cursor: pointer; }
a.button:focus-visible, button.button:focus-visible { outline: 3px solid #ffd166; outline-offset: 2px; }
.kiosk a.button { font-size: 1.4rem; padding: 1.2rem 1.4rem; }
.kiosk main { max-width: none; }
vk-visit, vk-monitor { margin-top: .75rem; }
vk-monitor { display: block; }
ul.history { list-style: none; padding: 0; display: grid; gap: 1.5rem; }
.history-item h2 { margin: 0; font-size: 1.1rem; }
/* During a visit the widget fits the height it is given (its video shrinks): the screen under the page header. */
vk-visit { --vk-max-height: calc(100dvh - 10rem); }
.kiosk vk-visit { --vk-max-height: calc(100dvh - 6rem); }
.visit-head h1 { margin: .2rem 0; font-size: 1.3rem; }
.visit-head p { margin: .2rem 0; }
.child-switch { display: grid; gap: .2rem; margin: .5rem 0; }
.child-switch label { display: flex; align-items: center; gap: .5rem; min-height: 24px; }
.child-switch input { width: 1.25rem; height: 1.25rem; margin: 0; }
.child-switch small { opacity: .85; }
.child-switch[hidden] { display: none; }
/* Child mode: the visit takes the whole screen (the page scrolls it into view when it starts). */
vk-visit[child-mode] { --vk-max-height: 100dvh; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: start; padding: .3rem .5rem; border-bottom: 1px solid #8883; vertical-align: top; overflow-wrap: anywhere; }
.users { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }
.users button { width: 100%; text-align: start; }
.users small { display: block; font-weight: 400; opacity: .9; }
`;

function layout(
  ctx: PageContext,
  title: string,
  body: SafeHtml,
  options: { bodyClass?: string; widgets?: boolean } = {},
): string {
  const t = strings(ctx.lang);
  const page = html`<!doctype html>
<html lang="${ctx.lang}"${RTL_PORTAL_LANGS.includes(ctx.lang) ? raw(' dir="rtl"') : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t.portalName}</title>
${options.widgets ? raw(`<script type="importmap">${scriptJson(ctx.importMap)}</script>\n<script type="module" src="/vendor/@visitkit/elements/dist/index.js"></script>`) : ''}
<style>${raw(STYLES)}</style>
</head>
<body class="${options.bodyClass ?? ''}">
<header class="bar">
  <a class="brand" href="/">${t.portalName}</a><span class="badge" title="${t.demoNotice}">${t.demoBadge}</span>
  <span class="spacer"></span>
  <nav class="languages" aria-label="${t.language}"><ul>${PORTAL_LANGS.map(
    (lang) =>
      html`<li><a href="${ctx.path}?lang=${lang}" lang="${lang}" hreflang="${lang}"${lang === ctx.lang ? raw(' aria-current="page"') : ''}>${LANG_NAMES[lang]}</a></li>`,
  )}</ul></nav>
  ${
    ctx.user
      ? html`<span>${t.signedInAs} <strong data-testid="user">${ctx.user.name}</strong></span>
  <form method="post" action="/signout"><button type="submit">${t.signOut}</button></form>`
      : ''
  }
</header>
<main>
${body}
</main>
</body>
</html>`;
  return page.value;
}

function formatRange(visit: ScheduledVisit, ctx: PageContext): string {
  const time = new Intl.DateTimeFormat(ctx.lang, { timeStyle: 'short', timeZone: ctx.timeZone });
  const day = new Intl.DateTimeFormat(ctx.lang, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: ctx.timeZone,
  });
  return `${day.format(visit.startsAt)}, ${time.format(visit.startsAt)} – ${time.format(visit.endsAt)}`;
}

function phaseLabel(phase: VisitPhase, t: PortalStrings): string {
  switch (phase) {
    case 'upcoming':
      return t.phaseUpcoming;
    case 'lobby':
      return t.phaseLobby;
    case 'open':
      return t.phaseOpen;
    case 'over':
      return t.phaseOver;
    default: {
      const unreachable: never = phase;
      return unreachable;
    }
  }
}

function policyTags(visit: ScheduledVisit, t: PortalStrings): SafeHtml {
  const tags: string[] = [];
  if (visit.kind === 'privileged') tags.push(t.privileged);
  else if (visit.monitored || visit.recorded) tags.push(t.monitoredRecorded);
  if (visit.requireMonitor) tags.push(t.requiresMonitor);
  return html`${tags.map((tag) => html`<span class="tag">${tag}</span>`)}`;
}

/**
 * The demo sign-in page: one button per demo user, clearly marked demo-only.
 *
 * @example
 * send(200, signInPage(ctx, listUsers(db), '/family'));
 */
export function signInPage(ctx: PageContext, users: readonly User[], next: string | undefined): string {
  const t = strings(ctx.lang);
  return layout(
    ctx,
    t.signInTitle,
    html`<h1>${t.signInTitle}</h1>
<p class="notice" role="note">${t.demoNotice}</p>
<form method="post" action="/signin" class="users">
  ${next ? html`<input type="hidden" name="next" value="${next}">` : ''}
  ${users.map(
    (user) =>
      html`<button class="button" type="submit" name="user" value="${user.id}" data-user="${user.id}">${t.signInAs} ${user.name}<small>${user.description}</small></button>`,
  )}
</form>`,
  );
}

/**
 * A user's list of visits for an area, with a link into each joinable one. The staff list starts with the
 * live overview (`options.overview`, see staff-overview-view.ts).
 *
 * @example
 * send(200, visitListPage(ctx, 'family', visitsFor(db, user), new Date()));
 */
export function visitListPage(
  ctx: PageContext,
  area: PortalArea,
  visits: readonly ScheduledVisit[],
  now: Date,
  options: { overview?: SafeHtml } = {},
): string {
  const t = strings(ctx.lang);
  const title = area === 'kiosk' ? t.kioskTitle : area === 'staff' ? t.staffTitle : t.yourVisits;
  const items = visits.map((visit) => {
    const phase = visitPhase(visit, now);
    const joinable = phase === 'open' || phase === 'lobby' || area === 'staff';
    // Privileged visits are never monitored: staff only get their ledger.
    const monitorable = (phase === 'open' || phase === 'lobby') && visit.kind !== 'privileged';
    const action = area === 'staff' ? (monitorable ? t.monitor : t.ledger) : t.join;
    return html`<li class="card" data-visit="${visit.id}">
  <h3>${visit.title}</h3>
  <span>${formatRange(visit, ctx)}</span>
  <span class="phase phase-${phase}">${phaseLabel(phase, t)}</span>
  ${policyTags(visit, t)}
  ${joinable ? html`<a class="button" href="/${area}/visits/${encodeURIComponent(visit.id)}">${action}</a>` : ''}
</li>`;
  });
  const refresh =
    area === 'kiosk' ? raw('<script type="module">setTimeout(() => location.reload(), 30000);</script>') : '';
  return layout(
    ctx,
    title,
    html`<h1>${title}</h1>
${area === 'kiosk' ? html`<p>${t.kioskPick}</p>` : ''}
${options.overview ?? ''}
${area === 'staff' ? html`<h2>${t.allVisits}</h2>` : ''}
${area === 'family' ? html`<p class="history-link"><a href="/family/history">${t.historyLink}</a></p>` : ''}
${visits.length === 0 ? html`<p>${t.noVisits}</p>` : html`<ul class="cards">${items}</ul>`}
${refresh}`,
    { bodyClass: area === 'kiosk' ? 'kiosk' : '' },
  );
}

/**
 * A visit page: `<vk-visit>` for family, attorney and kiosk (in `kiosk` mode), `<vk-monitor>` plus the
 * ledger for staff. `kioskReturnMs`: how long the kiosk shows the end screen before going back to its list.
 *
 * @example
 * send(200, visitPage(ctx, 'family', visit, { ledger: undefined }));
 */
export function visitPage(
  ctx: PageContext,
  area: PortalArea,
  visit: ScheduledVisit,
  options: { ledger?: SafeHtml; kioskReturnMs?: number } = {},
): string {
  const t = strings(ctx.lang);
  const tokenUrl = `/api/visitkit/visits/${encodeURIComponent(visit.id)}/token`;
  const head = html`<div class="visit-head">
  <a href="/${area}">← ${t.back}</a>
  <h1>${visit.title}</h1>
  <p>${formatRange(visit, ctx)} · ${policyTags(visit, t)}</p>
</div>`;
  if (area === 'staff') {
    return layout(
      ctx,
      visit.title,
      html`${head}
<vk-monitor visit-id="${visit.id}" token-url="${tokenUrl}" api-base="/api/visitkit" lang="${ctx.lang}"></vk-monitor>
<section aria-labelledby="ledger-title" id="ledger">
  <h2 id="ledger-title">${t.ledgerTitle}</h2>
  ${timeline(ctx, `/staff/visits/${encodeURIComponent(visit.id)}/ledger.json`)}
  <div lang="en">${options.ledger ?? ''}</div>
</section>`,
      { widgets: true },
    );
  }
  const kiosk = area === 'kiosk';
  // Kiosk: after a visit ends, show the end screen for a while, then go back to the station's start screen.
  const glue = kiosk
    ? raw(`<script type="module">
const widget = document.querySelector('vk-visit');
const home = () => location.assign('/kiosk');
let timer;
widget.addEventListener('vk-ended', () => {
  clearTimeout(timer);
  timer = setTimeout(home, ${Number(options.kioskReturnMs ?? 20000)});
});
// The widget resets itself after its end screen or after inactivity: go back to the station's visit list.
widget.addEventListener('vk-reset', home);
</script>`)
    : area === 'family'
      ? // Child mode is chosen before joining; the switch goes away during the visit, out of a child's reach.
        html`<p class="child-switch"><label><input type="checkbox" role="switch" id="child-mode"> ${t.childMode}</label>
<small>${t.childModeHint}</small></p>
${raw(`<script type="module">
const widget = document.querySelector('vk-visit');
const box = document.getElementById('child-mode');
box.checked = widget.childMode;
box.addEventListener('change', () => { widget.childMode = box.checked; });
widget.addEventListener('vk-state-change', (e) => {
  box.closest('p').hidden = !['idle', 'prejoin', 'failed'].includes(e.detail.state);
  if (widget.childMode && ['lobby', 'live'].includes(e.detail.state)) widget.scrollIntoView({ block: 'start' });
});
</script>`)}`
      : '';
  return layout(
    ctx,
    visit.title,
    html`${kiosk ? '' : head}
${area === 'family' ? glue : ''}
<vk-visit visit-id="${visit.id}" token-url="${tokenUrl}" lang="${ctx.lang}" ${kiosk ? raw('kiosk') : ''}>
  <p slot="consent">${t.rules}</p>
</vk-visit>
${area === 'family' ? '' : glue}`,
    { widgets: true, bodyClass: kiosk ? 'kiosk' : '' },
  );
}

/** `<vk-visit-timeline>` for a ledger URL, in the page's language and the facility's time zone. */
function timeline(ctx: PageContext, src: string): SafeHtml {
  return html`<vk-visit-timeline src="${src}" lang="${ctx.lang}" time-zone="${ctx.timeZone}"></vk-visit-timeline>`;
}

/**
 * A family member's past visits, each with its timeline: when each side was connected, what was billed and
 * what was not and why (the ledger narrowed by `familyLedger`, served at `/family/visits/:id/ledger.json`).
 *
 * @example
 * send(200, historyPage(ctx, pastVisits));
 */
export function historyPage(ctx: PageContext, visits: readonly ScheduledVisit[]): string {
  const t = strings(ctx.lang);
  const items = visits.map(
    (visit) => html`<li class="history-item" data-visit="${visit.id}">
  <h2>${visit.title}</h2>
  <p>${formatRange(visit, ctx)} · ${policyTags(visit, t)}</p>
  ${timeline(ctx, `/family/visits/${encodeURIComponent(visit.id)}/ledger.json`)}
</li>`,
  );
  return layout(
    ctx,
    t.historyTitle,
    html`<div class="visit-head"><a href="/family">← ${t.back}</a><h1>${t.historyTitle}</h1><p>${t.historyIntro}</p></div>
${visits.length === 0 ? html`<p>${t.noPastVisits}</p>` : html`<ul class="history">${items}</ul>`}`,
    { widgets: true },
  );
}

/**
 * A plain error page.
 *
 * @example
 * send(403, errorPage(ctx, strings(ctx.lang).notAllowed));
 */
export function errorPage(ctx: PageContext, message: string): string {
  const t = strings(ctx.lang);
  return layout(ctx, message, html`<h1>${message}</h1><p><a href="/">${t.back}</a></p>`);
}
