import { AccessToken } from 'livekit-server-sdk';
import { omit } from 'zod/mini';
import {
  ATTRIBUTE_ROLE,
  ATTRIBUTE_VISIT,
  isGuestRole,
  visitorSeats,
  TokenRequestSchema,
  TokenResponseSchema,
  type Consent,
  type TokenResponse,
  type Visit,
} from '@visitkit/core/protocol';
import { resolveCaller, type Caller } from '../authorize.js';
import { readJson } from '../body.js';
import type { RouteContext, RouteParams } from '../context.js';
import { grantFor } from '../grants.js';
import { jsonResponse, VisitHttpError } from '../http-error.js';
import { refuseUnmonitored } from '../monitoring.js';
import { END_GRACE_SECONDS, roomPolicy } from '../room-policy.js';
import { newEventId, windowedEventId } from '../visit-events.js';

/**
 * Token requests by the same person for the same visit within this window share one `token-issued` event
 * (the first one's time): a client calling the route in a loop cannot grow the store without bound.
 */
export const TOKEN_AUDIT_WINDOW_MS = 10 * 60_000;

/**
 * The response envelope is validated on every request; the visit inside it was already validated (and
 * normalised) by `resolveCaller`, so it is not parsed a second time.
 */
const TokenEnvelopeSchema = omit(TokenResponseSchema, { visit: true });

/**
 * `POST /visits/:visitId/token`: asks `authorize` who this is, checks role, privilege, window, termination,
 * consent and capacity, ensures the room, and answers with a LiveKit token (TokenResponseSchema).
 */
export async function tokenRoute(request: Request, params: RouteParams, ctx: RouteContext): Promise<Response> {
  const body = await readJson(request, TokenRequestSchema, ctx.maxBodyBytes);
  const caller = await resolveCaller(ctx.authorize, request, params.visitId, 'token');
  const { visit } = caller;
  checkRole(caller);
  if (await ctx.store.termination(visit.id)) {
    throw new VisitHttpError('visit-terminated', 'This visit was ended by staff.');
  }
  const now = ctx.now();
  checkWindow(visit, now);
  const needsConsent = visit.requireConsent && caller.role !== 'monitor';
  if (needsConsent && !body.consent) {
    throw new VisitHttpError('consent-required', 'Accept the visit rules before joining.');
  }
  if (body.consent) await checkConsentCurrent(ctx, caller, body.consent);
  const room = await ctx.roomName(visit.id);
  await ctx.registry.ensure(visit.id, room, roomPolicy(visit, now, ctx.departureTimeoutSeconds), now);
  if (caller.role === 'visitor' || caller.role === 'attorney') await checkCapacity(ctx, room, caller, now);
  // A party's token never carries canSubscribe: the adapter grants it once the participant is in a room that
  // carries this visit's policy (participant_joined webhook, or the enforcer's next tick), and only when
  // `mayReceiveMedia` allows. A token kept past a termination, used in a room LiveKit re-created without the
  // policy (auto_create), therefore never receives media. Monitors always subscribe (that is their role).
  const canSubscribe = caller.role === 'monitor';

  // Every consent given is recorded (also where the visit does not require one), once the caller is admitted.
  if (body.consent) {
    await ctx.emit({
      type: 'consent-recorded',
      id: newEventId('consent'),
      visitId: visit.id,
      at: new Date(now).toISOString(),
      participant: { identity: caller.identity, role: caller.role, name: caller.name },
      acceptedAt: body.consent.accepted_at,
      ...(body.consent.text_sha256 ? { textSha256: body.consent.text_sha256 } : {}),
    });
  }

  const token = new AccessToken(ctx.livekit.apiKey, ctx.livekit.apiSecret, {
    identity: caller.identity,
    name: caller.name,
    ttl: Math.ceil((Date.parse(visit.endsAt) - now) / 1000) + END_GRACE_SECONDS,
    attributes: { [ATTRIBUTE_ROLE]: caller.role, [ATTRIBUTE_VISIT]: visit.id },
  });
  token.addGrant(grantFor(caller.role, room, { canSubscribe }));
  const envelope = TokenEnvelopeSchema.parse({
    server_url: ctx.livekit.url,
    participant_token: await token.toJwt(),
    participant_identity: caller.identity,
    participant_name: caller.name,
    room_name: room,
    role: caller.role,
    server_time: new Date(now).toISOString(),
    // Only the two parties of a privileged visit get its media key (monitors were refused above); it goes
    // into this response and nowhere else: not the JWT (LiveKit reads that), the room, the store or a log.
    ...(visit.kind === 'privileged' ? { e2ee_key: await ctx.e2eeKey(visit.id) } : {}),
  });
  const response: TokenResponse = { ...envelope, visit };
  await ctx.emit({
    type: 'token-issued',
    // Deterministic per person, role and window, so every adapter instance appends the same id and the
    // store's idempotent append keeps one event per window.
    id: await windowedEventId('token', [visit.id, caller.identity, caller.role], now, TOKEN_AUDIT_WINDOW_MS),
    visitId: visit.id,
    at: new Date(now).toISOString(),
    participant: { identity: caller.identity, role: caller.role, name: caller.name },
  });
  return jsonResponse(response);
}

function checkRole({ role, visit }: Caller): void {
  if (visit.kind === 'privileged') {
    if (role === 'monitor') throw new VisitHttpError('privileged-visit', 'Privileged visits are never monitored.');
    if (role === 'visitor') throw VisitHttpError.forbidden('Only attorneys can join a privileged visit.');
  } else if (role === 'attorney') {
    throw VisitHttpError.forbidden('Attorneys join privileged visits only.');
  }
  // The parties were told this visit is not monitored: no one may listen in, not even hidden.
  if (role === 'monitor') refuseUnmonitored(visit);
}

/**
 * When the portal states the current rules (`visit.rulesSha256`), a consent must be to one of those texts:
 * a consent to an older text, or one that does not say which text, is refused (409 `consent-outdated`) and
 * the widget asks again with the rules it is given now. Except the very consent this person already gave for
 * this visit (recorded when it was current): token refreshes and reconnections re-send it, and a rules update
 * must not cut off a visit under way.
 */
async function checkConsentCurrent(ctx: RouteContext, caller: Caller, consent: Consent): Promise<void> {
  const current = caller.visit.rulesSha256;
  if (!current || (consent.text_sha256 && current.includes(consent.text_sha256))) return;
  const given = (await ctx.store.list(caller.visit.id)).some(
    (e) =>
      e.type === 'consent-recorded' &&
      e.participant.identity === caller.identity &&
      e.acceptedAt === consent.accepted_at &&
      e.textSha256 === consent.text_sha256,
  );
  if (!given)
    throw new VisitHttpError('consent-outdated', 'The visit rules have changed. Read them again and agree to join.');
}

function checkWindow(visit: Visit, now: number): void {
  if (now < Date.parse(visit.lobbyOpensAt)) {
    throw new VisitHttpError('not-open-yet', `This visit opens at ${visit.lobbyOpensAt}.`);
  }
  if (now >= Date.parse(visit.endsAt)) throw new VisitHttpError('visit-ended', 'This visit has ended.');
}

/**
 * How long a seat is held for someone admitted who has not shown up in LiveKit's participant list yet (the time
 * between the token and the connection, on a slow network): long enough for a slow join, short enough that a
 * visitor who never connects frees the seat soon.
 */
export const SEAT_HOLD_MS = 30_000;

/**
 * Capacity across every adapter instance: the visitors (or attorneys) LiveKit reports in the room plus everyone
 * admitted in the last {@link SEAT_HOLD_MS} who may not be connected yet, claimed atomically in the store — so of
 * two visitors asking two instances for the last seat at the same moment, exactly one gets it. The caller
 * rejoining under the same identity keeps their seat. A store without `claimSeat` gets the per-process check only.
 */
async function checkCapacity(ctx: RouteContext, room: string, caller: Caller, now: number): Promise<void> {
  let participants;
  try {
    participants = await ctx.occupancy.participants(room, now);
  } catch (error) {
    throw VisitHttpError.livekitUnreachable(error);
  }
  const present = participants.filter((p) => isGuestRole(p.attributes[ATTRIBUTE_ROLE])).map((p) => p.identity);
  const seats = visitorSeats(caller.visit);
  const admitted = ctx.store.claimSeat
    ? await ctx.store.claimSeat({
        visitId: caller.visit.id,
        identity: caller.identity,
        seats,
        present,
        now,
        holdMs: SEAT_HOLD_MS,
      })
    : present.filter((identity) => identity !== caller.identity).length < seats;
  if (!admitted) throw new VisitHttpError('visit-full', 'This visit already has as many visitors as it allows.');
}
