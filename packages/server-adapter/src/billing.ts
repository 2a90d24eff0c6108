import type { Role, UnbilledReason } from '@visitkit/core/protocol';

/** One connection as billing sees it (times in ms since epoch; `end` already closed). */
export interface BilledSpan {
  role?: Role;
  start: number;
  end: number;
}

/** What billing needs to know about the visit (times in ms since epoch; any of them may be unknown). */
export interface BillingRules {
  startsAt?: number;
  endsAt?: number;
  requireMonitor: boolean;
  /** When staff terminated the visit. */
  terminatedAt?: number;
}

/** An unbilled stretch, in ms since epoch. */
export interface UnbilledStretch {
  from: number;
  to: number;
  reason: UnbilledReason;
}

/**
 * Splits the time any party (resident, visitor, attorney) was connected into billable time and unbilled
 * stretches. Billable means both sides connected and able to receive each other's media: LiveKit withholds
 * media in the lobby before `startsAt` and, on a `requireMonitor` visit, while no monitor is in the room; and
 * nobody pays after the visit was terminated or past `endsAt`. Families must never pay for a visit that
 * could not happen, so any doubt is resolved towards not billing.
 */
export function bill(
  spans: readonly BilledSpan[],
  rules: BillingRules,
): { billableMs: number; unbilled: UnbilledStretch[] } {
  const cuts = new Set<number>();
  for (const span of spans) cuts.add(span.start).add(span.end);
  for (const at of [rules.startsAt, rules.endsAt, rules.terminatedAt])
    if (at !== undefined && Number.isFinite(at)) cuts.add(at);
  const points = [...cuts].sort((a, b) => a - b);

  let billableMs = 0;
  const unbilled: UnbilledStretch[] = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const from = points[i]!;
    const to = points[i + 1]!;
    // Every span either covers [from, to) entirely or not at all: its ends are among the cuts.
    const present = (match: (role: Role | undefined) => boolean) =>
      spans.some((s) => match(s.role) && s.start <= from && s.end >= to);
    const resident = present((role) => role === 'resident');
    const other = present((role) => role === 'visitor' || role === 'attorney');
    if (!resident && !other) continue;
    const reason = reasonFor(from, to, resident && other, () => present((role) => role === 'monitor'), rules);
    if (reason === undefined) {
      billableMs += to - from;
      continue;
    }
    const last = unbilled[unbilled.length - 1];
    if (last && last.to === from && last.reason === reason) last.to = to;
    else unbilled.push({ from, to, reason });
  }
  return { billableMs, unbilled };
}

/** Why [from, to) is not billable, most decisive reason first; undefined when it is billable. */
function reasonFor(
  from: number,
  to: number,
  bothParties: boolean,
  monitorPresent: () => boolean,
  rules: BillingRules,
): UnbilledReason | undefined {
  if (rules.terminatedAt !== undefined && from >= rules.terminatedAt) return 'after-termination';
  if (rules.endsAt !== undefined && from >= rules.endsAt) return 'after-end';
  if (rules.startsAt !== undefined && to <= rules.startsAt) return 'before-start';
  if (!bothParties) return 'one-party-only';
  if (rules.requireMonitor && !monitorPresent()) return 'waiting-for-monitor';
  return undefined;
}
