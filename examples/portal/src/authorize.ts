import { rulesSha256, type Role, type VisitInput } from '@visitkit/core/protocol';
import { VisitHttpError } from '@visitkit/server-adapter';
import type { PortalDatabase } from './database.js';
import { readCookie, sessionCookieName, sessionUser } from './sessions.js';
import { PORTAL_LANGS, strings } from './portal-i18n.js';
import type { User } from './users.js';
import { findVisit, toVisitInput } from './visits.js';

/** Who the caller is in a visit, as Visitkit's `authorize` hook answers. */
export interface VisitIdentity {
  identity: string;
  name: string;
  role: Role;
  visit: VisitInput;
}

/**
 * The portal's rule for who may be in which visit, independent of HTTP:
 * - only users on the visit may join it: the resident as `resident`, family as `visitor`, the attorney as `attorney`;
 * - an officer of the visit's facility is a `monitor` (Visitkit itself refuses monitors on privileged visits);
 * - anyone else, or a visit of another facility, is refused (`undefined`).
 *
 * @example
 * const who = await visitIdentity(db, user, 'social-now');
 */
export async function visitIdentity(
  db: PortalDatabase,
  user: User,
  visitId: string,
): Promise<VisitIdentity | undefined> {
  const visit = await findVisit(db, visitId);
  if (!visit || visit.facilityId !== user.facilityId) return undefined;
  const role = roleIn(user, visit.participantIds);
  if (!role) return undefined;
  return {
    identity: user.id,
    name: user.name,
    role,
    visit: { ...toVisitInput(visit), rulesSha256: await currentRules() },
  };
}

let rules: Promise<string[]> | undefined;
/**
 * The rules text the visit pages show (`<p slot="consent">`), in each language: a consent given to any other text
 * (an older version, a page left open across a rules update) is refused with `consent-outdated` and the widget asks
 * again with the text on the page.
 */
function currentRules(): Promise<string[]> {
  rules ??= Promise.all(PORTAL_LANGS.map((lang) => rulesSha256(strings(lang).rules)));
  return rules;
}

function roleIn(user: User, participantIds: readonly string[]): Role | undefined {
  if (user.kind === 'officer') return 'monitor';
  if (!participantIds.includes(user.id)) return undefined;
  switch (user.kind) {
    case 'resident':
      return 'resident';
    case 'family':
      return 'visitor';
    case 'attorney':
      return 'attorney';
    default: {
      const unreachable: never = user.kind;
      return unreachable;
    }
  }
}

/**
 * Visitkit's `authorize` hook for this portal: reads the session cookie of the request, then applies
 * {@link visitIdentity}. `null` means "not signed in" (401). A visit that does not exist and a visit this user
 * is not on (or, for an officer, of another facility) both answer 404 with the same message, so nobody can
 * probe which visit ids exist.
 *
 * @example
 * createVisitHandler({ ..., authorize: createAuthorize(db) });
 */
export function createAuthorize(db: PortalDatabase, clock: () => Date = () => new Date(), secureCookies = false) {
  return async (request: Request, context: { visitId: string }): Promise<VisitIdentity | null> => {
    const user = await sessionUser(
      db,
      readCookie(request.headers.get('cookie'), sessionCookieName(secureCookies)),
      clock(),
    );
    if (!user) return null;
    const who = await visitIdentity(db, user, context.visitId);
    if (who) return who;
    throw VisitHttpError.notFound('There is no such visit for you.');
  };
}
