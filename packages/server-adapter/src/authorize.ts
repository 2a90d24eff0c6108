import { RoleSchema, VisitInputSchema, type Role, type Visit, type VisitInput } from '@visitkit/core/protocol';
import { VisitHttpError } from './http-error.js';
import { ENGLISH_ISSUES } from './issue-messages.js';
import { storeUnavailable } from './store-errors.js';
import { VisitStoreError } from './visit-store-error.js';

/** What a request wants to do, as told to the `authorize` hook. */
export type VisitAction = 'token' | 'terminate' | 'warn' | 'mute' | 'ledger' | 'media-state' | 'joined';

const VISIT_ACTIONS: readonly VisitAction[] = ['token', 'terminate', 'warn', 'mute', 'ledger', 'media-state', 'joined'];

/** What `authorize` returns for a caller it recognises. Times may be strings or `Date`s. */
export interface AuthorizedCaller {
  /** Stable, unique id of the person in the portal (becomes the LiveKit identity). */
  identity: string;
  /** Display name shown to the other participants. */
  name: string;
  role: Role;
  /** The visit as the portal knows it; must be the visit of the URL. */
  visit: VisitInput;
  /**
   * Optional scope: the actions this caller may take on this visit (e.g. an officer of another unit gets
   * `['token', 'ledger']`: observe and read, but not warn, mute or end). The adapter refuses any other action
   * with 403 `forbidden`, before doing anything. Absent: the role alone decides.
   */
  actions?: readonly VisitAction[];
}

/**
 * The portal's hook: who is making this request, and for which visit? Return `null` when the request is
 * not signed in (401); throw a `VisitHttpError` to refuse with another status, or a `VisitStoreError` when your own
 * database cannot be reached (503 `store-unavailable`, like the visit store).
 * Whatever the client sent as identity, name, role or room is ignored: only this hook decides.
 *
 * The portal's duty, per `action` (the adapter checks roles, privilege and the visit window, but only the
 * portal knows its people, facilities and caseloads):
 * - `token`: the caller is on this visit's list (resident, visitor, attorney) or is staff whose facility /
 *   caseload covers this visit (`monitor`);
 * - `media-state`, `joined`: as `token` (a party saying why its own picture stopped, or that LiveKit answered its
 *   join; allowed wherever `token` is);
 * - `terminate`, `warn`, `mute`, `ledger`: the caller is staff *in charge of this visit* — not every officer of
 *   every facility. Return `actions` to narrow what a staff member may do.
 * Answer "not on this visit" and "no such visit" the same way (e.g. 404 `not-found` for both), so a signed-in
 * person cannot probe which visit ids exist.
 */
export type AuthorizeHook = (
  request: Request,
  context: { visitId: string; action: VisitAction },
) => Promise<AuthorizedCaller | null> | AuthorizedCaller | null;

/** Parsed visits by their JSON, so the same visit is not re-validated on every request (bounded). */
const parsedVisits = new Map<string, ReturnType<typeof VisitInputSchema.safeParse>>();
const MAX_PARSED_VISITS = 1000;

function parseVisit(input: unknown): ReturnType<typeof VisitInputSchema.safeParse> {
  const key = JSON.stringify(input ?? null);
  let result = parsedVisits.get(key);
  if (!result) {
    result = VisitInputSchema.safeParse(input, ENGLISH_ISSUES);
    if (parsedVisits.size >= MAX_PARSED_VISITS) parsedVisits.delete(parsedVisits.keys().next().value as string);
    parsedVisits.set(key, result);
  }
  return result;
}

/** A caller after validation: the visit is a complete wire `Visit`. */
export interface Caller {
  identity: string;
  name: string;
  role: Role;
  visit: Visit;
}

/**
 * Runs `authorize` and validates what it returned. A malformed answer is the portal's configuration error
 * (500 `misconfigured`, with the problem but no data in the message); a privileged visit marked recorded
 * or monitored is one too — it is refused, never quietly corrected.
 */
export async function resolveCaller(
  authorize: AuthorizeHook,
  request: Request,
  visitId: string,
  action: VisitAction,
): Promise<Caller> {
  let answer: AuthorizedCaller | null;
  try {
    answer = await authorize(request, { visitId, action });
  } catch (error) {
    if (error instanceof VisitHttpError) throw error;
    // The portal's own database is down (its hook threw VisitStoreError): 503, like the visit store.
    if (error instanceof VisitStoreError) throw storeUnavailable(error);
    throw VisitHttpError.internal(error);
  }
  if (answer === null || answer === undefined) throw VisitHttpError.unauthenticated();
  const identity = typeof answer.identity === 'string' ? answer.identity.trim() : '';
  if (identity === '' || identity.length > 256) {
    throw VisitHttpError.misconfigured('authorize returned no usable identity.');
  }
  const role = RoleSchema.safeParse(answer.role);
  if (!role.success) throw VisitHttpError.misconfigured('authorize returned an unknown role.');
  const visit = parseVisit(answer.visit);
  if (!visit.success) {
    const problems = visit.error.issues.map((issue) => issue.message).join('; ');
    throw VisitHttpError.misconfigured(`authorize returned an invalid visit: ${problems}`);
  }
  if (visit.data.id !== visitId) throw VisitHttpError.forbidden('This sign-in is not for this visit.');
  if (answer.actions !== undefined) {
    if (
      !Array.isArray(answer.actions) ||
      !answer.actions.every((a: unknown) => VISIT_ACTIONS.includes(a as VisitAction))
    ) {
      throw VisitHttpError.misconfigured('authorize returned unknown actions.');
    }
    // Whoever may join may say what their own video is doing, and that they joined.
    const allowed =
      answer.actions.includes(action) ||
      ((action === 'media-state' || action === 'joined') && answer.actions.includes('token'));
    if (!allowed) throw VisitHttpError.forbidden('You may not do this on this visit.');
  }
  const name = typeof answer.name === 'string' ? answer.name.slice(0, 256) : '';
  // A copy per request: routes must not be able to change the cached visit.
  return { identity, name, role: role.data, visit: { ...visit.data, warnings: [...visit.data.warnings] } };
}

/** Refuses staff routes to anyone but a monitor (403). */
export function requireMonitor(caller: Caller): void {
  if (caller.role !== 'monitor') throw VisitHttpError.forbidden('Only staff monitors can do this.');
}

/** Refuses staff interference (warn, mute) with a privileged visit (403 `privileged-visit`). */
export function refusePrivileged(caller: Caller): void {
  if (caller.visit.kind === 'privileged') {
    throw new VisitHttpError('privileged-visit', 'Privileged visits are never monitored.');
  }
}
