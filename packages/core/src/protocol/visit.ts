import * as z from 'zod/mini';
import { IsoDateTime } from './time.js';

export const VisitKindSchema = z.enum(['social', 'privileged']);
export type VisitKind = z.infer<typeof VisitKindSchema>;

/** Hard upper bound for `maxVisitors`: the widget shows at most four remote tiles. */
export const MAX_VISITORS_LIMIT = 4;

/** A visit id: 1–128 URL-safe characters (letters, digits, `. _ ~ -`). The elements check `visit-id` with it too. */
export const VisitId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[A-Za-z0-9._~-]+$/, 'visit id may contain only letters, digits, and . _ ~ -'),
  );

export const Warnings = z.pipe(
  z.array(z.number().check(z.int(), z.positive(), z.maximum(86_400))).check(z.maxLength(10)),
  z.transform((list: number[]) => [...new Set(list)].sort((a, b) => b - a)),
);

/** A SHA-256 digest as lowercase hex, as `text_sha256` in a consent carries it. */
export const Sha256Hex = z
  .string()
  .check(z.regex(/^[a-f0-9]{64}$/, 'must be a SHA-256 digest in 64 lowercase hex characters'));

/** At most this many current versions of the rules text (one per language the portal offers). */
export const MAX_RULES_VERSIONS = 20;

/**
 * How many visitors or attorneys may be in the visit's room at once: `maxVisitors`, except that a privileged
 * visit always admits its attorney. The token route refuses the next one (`visit-full`), the enforcer removes
 * whoever joined last beyond it, and the room's `maxParticipants` is sized from it.
 *
 * @example
 * visitorSeats({ kind: 'privileged', maxVisitors: 0 }); // → 1
 */
export function visitorSeats(visit: { kind: VisitKind; maxVisitors: number }): number {
  return visit.kind === 'privileged' ? Math.max(visit.maxVisitors, 1) : visit.maxVisitors;
}

export const MaxVisitors = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_VISITORS_LIMIT));

type VisitShape = {
  kind: VisitKind;
  startsAt: string;
  endsAt: string;
  lobbyOpensAt: string;
  recorded: boolean;
  monitored: boolean;
  requireMonitor: boolean;
};

/**
 * Problems that make a visit unusable, as plain sentences. Empty when the visit is sound.
 * A privileged (attorney) visit is never recorded or monitored: that is a configuration error,
 * not something to quietly correct.
 */
export function visitProblems(visit: VisitShape): string[] {
  const problems: string[] = [];
  if (Date.parse(visit.endsAt) <= Date.parse(visit.startsAt)) problems.push('endsAt must be after startsAt');
  if (Date.parse(visit.lobbyOpensAt) > Date.parse(visit.startsAt)) {
    problems.push('lobbyOpensAt must not be after startsAt');
  }
  if (visit.kind === 'privileged') {
    if (visit.recorded) problems.push('a privileged visit is never recorded');
    if (visit.monitored) problems.push('a privileged visit is never monitored');
    if (visit.requireMonitor) problems.push('a privileged visit never requires a monitor');
  }
  // Monitors join only `monitored` visits (the parties are told so): a visit that needs one must say it is.
  if (visit.requireMonitor && !visit.monitored) problems.push('a visit that requires a monitor must be monitored');
  return problems;
}

/** Reports {@link visitProblems} as issues; shared with `VisitInputSchema`. */
export function refineVisit(visit: VisitShape, ctx: z.core.$RefinementCtx<VisitShape>): void {
  for (const message of visitProblems(visit)) ctx.addIssue({ code: 'custom', message });
}

/**
 * A visit as it travels on the wire (token response, room metadata): every field present, times as
 * UTC ISO strings. Pinned contract: see docs/architecture.md "The visit".
 */
export const VisitSchema = z
  .object({
    id: VisitId,
    kind: VisitKindSchema,
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    lobbyOpensAt: IsoDateTime,
    recorded: z.boolean(),
    monitored: z.boolean(),
    requireMonitor: z.boolean(),
    requireConsent: z.boolean(),
    maxVisitors: MaxVisitors,
    warnings: Warnings,
    /**
     * The current rules text, as SHA-256 digests (see `rulesSha256()`), one per language shown. When set, a
     * consent to any other text is refused (409 `consent-outdated`). Absent: any consent is accepted.
     */
    rulesSha256: z.optional(z.array(Sha256Hex).check(z.minLength(1), z.maxLength(MAX_RULES_VERSIONS))),
  })
  .check(z.superRefine(refineVisit));
export type Visit = z.infer<typeof VisitSchema>;

/**
 * The visit policy the server adapter writes into the LiveKit room's metadata when it creates the room.
 * The single source of truth for the enforcer and for every client (clients cannot change room metadata).
 */
export const RoomMetadataSchema = z.object({
  visitkit: z.literal(1),
  visit: VisitSchema,
  /** Whether a (hidden) monitor is in the room; recounted by the adapter when a monitor joins or leaves. */
  monitorPresent: z.optional(z.boolean()),
});
export type RoomMetadata = z.infer<typeof RoomMetadataSchema>;

/** Reads room metadata written by the server adapter; `undefined` when it is absent or not ours. */
export function parseRoomMetadata(raw: string | undefined): RoomMetadata | undefined {
  if (!raw) return undefined;
  try {
    const result = RoomMetadataSchema.safeParse(JSON.parse(raw));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
