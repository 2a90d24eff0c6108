import * as z from 'zod/mini';
import { IsoDateTime, TimeInput } from './time.js';

export const VisitKindSchema = z.enum(['social', 'privileged']);
export type VisitKind = z.infer<typeof VisitKindSchema>;

/** Default seconds before `endsAt` at which participants are warned. */
export const DEFAULT_WARNINGS: readonly number[] = [300, 60];
/** Default lobby opening: this many seconds before `startsAt`. */
export const DEFAULT_LOBBY_LEAD_SECONDS = 600;
/** Default number of visitors (family members) allowed besides the resident. */
export const DEFAULT_MAX_VISITORS = 3;
/** Hard upper bound for `maxVisitors`: the widget shows at most four remote tiles. */
export const MAX_VISITORS_LIMIT = 4;

const VisitId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[A-Za-z0-9._~-]+$/, 'visit id may contain only letters, digits, and . _ ~ -'),
  );

const Warnings = z.pipe(
  z.array(z.number().check(z.int(), z.positive(), z.maximum(86_400))).check(z.maxLength(10)),
  z.transform((list: number[]) => [...new Set(list)].sort((a, b) => b - a)),
);

const MaxVisitors = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_VISITORS_LIMIT));

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
  return problems;
}

function refineVisit(visit: VisitShape, ctx: z.core.$RefinementCtx<VisitShape>): void {
  for (const message of visitProblems(visit)) ctx.addIssue({ code: 'custom', message });
}

/**
 * A visit as it travels on the wire (token response, room metadata): every field present, times as
 * UTC ISO strings. Pinned contract: see DESIGN.md "The visit".
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
  })
  .check(z.superRefine(refineVisit));
export type Visit = z.infer<typeof VisitSchema>;

/** The fields of {@link VisitInputSchema} before the lobby opening is filled in. */
const VisitInputFields = z.object({
  id: VisitId,
  kind: VisitKindSchema,
  startsAt: TimeInput,
  endsAt: TimeInput,
  lobbyOpensAt: z.optional(TimeInput),
  recorded: z._default(z.boolean(), false),
  monitored: z._default(z.boolean(), false),
  requireMonitor: z._default(z.boolean(), false),
  requireConsent: z._default(z.boolean(), false),
  maxVisitors: z._default(MaxVisitors, DEFAULT_MAX_VISITORS),
  warnings: z._default(Warnings, [...DEFAULT_WARNINGS]),
});

/**
 * A visit as the portal's `authorize` hook returns it: times as strings or `Date`s, optional fields
 * defaulted. Parsing yields a complete wire {@link Visit}.
 */
export const VisitInputSchema = z.pipe(
  VisitInputFields,
  z.transform((visit: z.output<typeof VisitInputFields>) => ({
    ...visit,
    lobbyOpensAt:
      visit.lobbyOpensAt ?? new Date(Date.parse(visit.startsAt) - DEFAULT_LOBBY_LEAD_SECONDS * 1000).toISOString(),
  })),
).check(z.superRefine(refineVisit));
export type VisitInput = z.input<typeof VisitInputSchema>;

/**
 * The visit policy the server adapter writes into the LiveKit room's metadata when it creates the room.
 * The single source of truth for the enforcer and for every client (clients cannot change room metadata).
 */
export const RoomMetadataSchema = z.object({
  visitkit: z.literal(1),
  visit: VisitSchema,
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
