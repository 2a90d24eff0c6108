import * as z from 'zod/mini';
import { IsoDateTime } from './time.js';
import {
  MAX_RULES_VERSIONS,
  MaxVisitors,
  Sha256Hex,
  VisitId,
  VisitKindSchema,
  Warnings,
  refineVisit,
} from './visit.js';

// What a portal hands the server adapter. Only the server parses it, so it lives apart from the wire
// `Visit` and stays out of browser bundles.

/** Default seconds before `endsAt` at which participants are warned. */
export const DEFAULT_WARNINGS: readonly number[] = [300, 60];
/** Default lobby opening: this many seconds before `startsAt`. */
export const DEFAULT_LOBBY_LEAD_SECONDS = 600;
/** Default number of visitors (family members) allowed besides the resident. */
export const DEFAULT_MAX_VISITORS = 3;

/**
 * A time as a portal may hand it over: an ISO 8601 string or a `Date`.
 * Always normalised to a UTC ISO string so both sides compare like with like.
 */
export const TimeInput = z.pipe(
  z.union([z.date(), IsoDateTime]),
  z.transform((value: Date | string) => (typeof value === 'string' ? new Date(value) : value).toISOString()),
);

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
  /** One digest or a list (one per language); always a list on the wire. */
  rulesSha256: z.optional(
    z.pipe(
      z.union([Sha256Hex, z.array(Sha256Hex).check(z.minLength(1), z.maxLength(MAX_RULES_VERSIONS))]),
      z.transform((value: string | string[]) => (typeof value === 'string' ? [value] : [...value])),
    ),
  ),
});

/**
 * A visit as the portal's `authorize` hook returns it: times as strings or `Date`s, optional fields
 * defaulted. Parsing yields a complete wire `Visit`.
 */
export const VisitInputSchema = z
  .pipe(
    VisitInputFields,
    z.transform((visit: z.output<typeof VisitInputFields>) => ({
      ...visit,
      lobbyOpensAt:
        visit.lobbyOpensAt ?? new Date(Date.parse(visit.startsAt) - DEFAULT_LOBBY_LEAD_SECONDS * 1000).toISOString(),
    })),
  )
  .check(z.superRefine(refineVisit));
export type VisitInput = z.input<typeof VisitInputSchema>;
