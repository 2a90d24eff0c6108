/** Languages of the portal's own pages (the widget translates itself from its `lang` attribute). */
export type Lang = 'en' | 'es';

const en = {
  portalName: 'Riverside visits',
  demoBadge: 'Demo',
  demoNotice:
    'Demo sign-in: pick anyone, no password. This is for trying Visitkit only — a real portal signs people in with its own accounts.',
  signInTitle: 'Choose a demo user',
  signInAs: 'Sign in as',
  signedInAs: 'Signed in as',
  signOut: 'Sign out',
  yourVisits: 'Your visits',
  allVisits: 'Visits at this facility today',
  noVisits: 'No visits scheduled.',
  join: 'Join the visit',
  open: 'Open',
  monitor: 'Monitor',
  ledger: 'Ledger',
  phaseUpcoming: 'Later',
  phaseLobby: 'Waiting room open',
  phaseOpen: 'Open now',
  phaseOver: 'Over',
  privileged: 'Privileged (attorney) — never monitored or recorded',
  monitoredRecorded: 'Monitored and recorded',
  requiresMonitor: 'An officer must be present',
  back: 'Back to the list',
  kioskTitle: 'Visit station',
  kioskPick: 'Touch your visit to begin',
  kioskReturning: 'Returning to the start screen…',
  staffTitle: 'Visit monitoring',
  liveNow: 'Live now',
  noLiveVisits: 'No visit is live right now.',
  connectedNow: 'Connected now',
  nobodyConnected: 'Nobody is connected.',
  since: 'since {time}',
  minutesLeft: '{minutes} min left',
  startsIn: 'starts in {minutes} min',
  recorded: 'Recorded',
  notRecorded: 'Not recorded',
  monitored: 'Monitored',
  notMonitored: 'Not monitored',
  neverMonitored: 'Never monitored',
  privilegedShort: 'Privileged (attorney)',
  officerWatching: 'An officer is monitoring',
  waitingForOfficer: 'Waiting for an officer: the visit cannot start without one',
  endedEarly: 'Ended',
  refresh: 'Refresh now',
  updatedAt: 'Updated at {time}',
  autoRefresh: 'This list refreshes every 10 seconds.',
  roleResident: 'resident',
  roleVisitor: 'visitor',
  roleAttorney: 'attorney',
  roleMonitor: 'officer (hidden)',
  ledgerTitle: 'Visit ledger',
  historyLink: 'Past visits and charges',
  historyTitle: 'Past visits',
  historyIntro: 'For each past visit: when each side was connected, what was charged, what was not and why.',
  noPastVisits: 'No past visits yet.',
  notAllowed: 'This page is not for your account.',
  notFound: 'There is no such page.',
  rules:
    'Visits are subject to facility rules. Be respectful; no third parties, recordings or screenshots. Staff may end a visit that breaks these rules.',
  language: 'Español',
  childMode: 'Child mode: a young child sits in front of the screen',
  childModeHint:
    'The other person fills the screen and the buttons are hidden. To show them, press and hold the round button in the corner for 2 seconds.',
};

const es: typeof en = {
  portalName: 'Visitas Riverside',
  demoBadge: 'Demo',
  demoNotice:
    'Inicio de sesión de demostración: elija a cualquiera, sin contraseña. Solo para probar Visitkit; un portal real usa sus propias cuentas.',
  signInTitle: 'Elija un usuario de demostración',
  signInAs: 'Entrar como',
  signedInAs: 'Sesión de',
  signOut: 'Cerrar sesión',
  yourVisits: 'Sus visitas',
  allVisits: 'Visitas de hoy en este centro',
  noVisits: 'No hay visitas programadas.',
  join: 'Entrar a la visita',
  open: 'Abrir',
  monitor: 'Supervisar',
  ledger: 'Registro',
  phaseUpcoming: 'Más tarde',
  phaseLobby: 'Sala de espera abierta',
  phaseOpen: 'Abierta ahora',
  phaseOver: 'Terminada',
  privileged: 'Privilegiada (abogado): nunca supervisada ni grabada',
  monitoredRecorded: 'Supervisada y grabada',
  requiresMonitor: 'Debe estar presente un oficial',
  back: 'Volver a la lista',
  kioskTitle: 'Estación de visitas',
  kioskPick: 'Toque su visita para empezar',
  kioskReturning: 'Volviendo a la pantalla de inicio…',
  staffTitle: 'Supervisión de visitas',
  liveNow: 'En curso',
  noLiveVisits: 'No hay ninguna visita en curso.',
  connectedNow: 'Conectados ahora',
  nobodyConnected: 'No hay nadie conectado.',
  since: 'desde las {time}',
  minutesLeft: 'quedan {minutes} min',
  startsIn: 'empieza en {minutes} min',
  recorded: 'Grabada',
  notRecorded: 'No grabada',
  monitored: 'Supervisada',
  notMonitored: 'No supervisada',
  neverMonitored: 'Nunca supervisada',
  privilegedShort: 'Privilegiada (abogado)',
  officerWatching: 'Un oficial está supervisando',
  waitingForOfficer: 'Esperando a un oficial: la visita no puede empezar sin uno',
  endedEarly: 'Terminada',
  refresh: 'Actualizar ahora',
  updatedAt: 'Actualizado a las {time}',
  autoRefresh: 'Esta lista se actualiza cada 10 segundos.',
  roleResident: 'residente',
  roleVisitor: 'visitante',
  roleAttorney: 'abogado',
  roleMonitor: 'oficial (oculto)',
  ledgerTitle: 'Registro de la visita',
  historyLink: 'Visitas anteriores y cobros',
  historyTitle: 'Visitas anteriores',
  historyIntro: 'Para cada visita anterior: cuándo estuvo conectada cada parte, qué se cobró, qué no y por qué.',
  noPastVisits: 'Todavía no hay visitas anteriores.',
  notAllowed: 'Esta página no es para su cuenta.',
  notFound: 'Esa página no existe.',
  rules:
    'Las visitas siguen las normas del centro. Sea respetuoso; sin terceros, grabaciones ni capturas. El personal puede terminar una visita que no las cumpla.',
  language: 'English',
  childMode: 'Modo infantil: un niño pequeño está frente a la pantalla',
  childModeHint:
    'La otra persona llena la pantalla y los botones se ocultan. Para mostrarlos, mantenga pulsado 2 segundos el botón redondo de la esquina.',
};

/** The portal's strings in one language. */
export type PortalStrings = typeof en;

/**
 * The portal's own strings in a language.
 *
 * @example
 * const t = strings('es'); t.join; // 'Entrar a la visita'
 */
export function strings(lang: Lang): PortalStrings {
  return lang === 'es' ? es : en;
}

/**
 * A language from a query value, falling back to the user's preference.
 *
 * @example
 * pickLang(url.searchParams.get('lang'), user.lang);
 */
export function pickLang(query: string | null, preferred: Lang): Lang {
  return query === 'es' || query === 'en' ? query : preferred;
}
