import type { Ledger, LedgerEnd, LedgerStaffAction, Role, UnbilledReason } from '@visitkit/core/protocol';

/** A stretch of time, in epoch milliseconds. */
export interface Span {
  from: number;
  to: number;
}

/** One connected interval of a participant; `open` while they are still connected. */
export interface TimelineInterval extends Span {
  open: boolean;
  /** Start or end known only from the enforcer's reconciliation (time approximate). */
  reconciled: boolean;
}

/** A participant's lane. */
export interface TimelineLane {
  identity: string;
  name: string;
  role: Role | undefined;
  intervals: TimelineInterval[];
}

/** A point in time worth a marker: a staff warning, another staff action, an automatic time reminder, or the end. */
export type TimelineMark =
  | { kind: 'warning' | 'staff'; at: number; action: LedgerStaffAction }
  | { kind: 'reminder'; at: number; secondsLeft: number }
  | { kind: 'end'; at: number; end: LedgerEnd };

/** A stretch that was not billed, and why. */
export interface TimelineUnbilled extends Span {
  reason: UnbilledReason;
  seconds: number;
}

/** Everything `<vk-visit-timeline>` draws, in epoch milliseconds. */
export interface TimelineModel {
  start: number;
  end: number;
  lanes: TimelineLane[];
  billed: Span[];
  unbilled: TimelineUnbilled[];
  marks: TimelineMark[];
}

const ms = (iso: string) => Date.parse(iso);

/** Sorted, non-overlapping union of spans. */
function union(spans: readonly Span[]): Span[] {
  const sorted = [...spans].filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else out.push({ ...span });
  }
  return out;
}

/** `spans` with every part covered by `holes` cut out. */
function subtract(spans: readonly Span[], holes: readonly Span[]): Span[] {
  let pieces = spans.map((s) => ({ ...s }));
  for (const hole of holes) {
    pieces = pieces.flatMap((p) => {
      if (hole.to <= p.from || hole.from >= p.to) return [p];
      const kept: Span[] = [];
      if (hole.from > p.from) kept.push({ from: p.from, to: hole.from });
      if (hole.to < p.to) kept.push({ from: hole.to, to: p.to });
      return kept;
    });
  }
  return pieces;
}

/**
 * Turns a ledger into what the timeline draws. The billed stretches are the time any resident, visitor or
 * attorney was connected minus the unbilled stretches (the ledger's definition); their total is the ledger's
 * `billableSeconds`, which stays the number shown. Open intervals run to `now`.
 */
export function timelineModel(ledger: Ledger, now: number): TimelineModel {
  const lanes: TimelineLane[] = ledger.participants.map((p) => ({
    identity: p.identity,
    name: p.name || p.identity,
    role: p.role,
    intervals: p.intervals.map((i) => ({
      from: ms(i.joinedAt),
      to: i.leftAt === null ? Math.max(now, ms(i.joinedAt)) : ms(i.leftAt),
      open: i.leftAt === null,
      reconciled: i.reconciled === true,
    })),
  }));
  const unbilled = ledger.unbilled.map((u) => ({
    from: ms(u.from),
    to: ms(u.to),
    reason: u.reason,
    seconds: u.seconds,
  }));
  const parties = lanes.filter((lane) => lane.role !== 'monitor').flatMap((lane) => lane.intervals);
  const billed = ledger.billableSeconds > 0 ? subtract(union(parties), unbilled) : [];
  const marks: TimelineMark[] = ledger.staffActions.map((action) => ({
    kind: action.action === 'warn' ? 'warning' : 'staff',
    at: ms(action.at),
    action,
  }));
  for (const warning of ledger.timeWarnings ?? []) {
    marks.push({ kind: 'reminder', at: ms(warning.at), secondsLeft: warning.secondsLeft });
  }
  if (ledger.end) marks.push({ kind: 'end', at: ms(ledger.end.at), end: ledger.end });
  marks.sort((a, b) => a.at - b.at);
  const times = [
    ...lanes.flatMap((lane) => lane.intervals.flatMap((i) => [i.from, i.to])),
    ...unbilled.flatMap((u) => [u.from, u.to]),
    ...marks.map((m) => m.at),
  ];
  const start = times.length > 0 ? Math.min(...times) : now;
  const end = times.length > 0 ? Math.max(...times) : now;
  return { start, end: Math.max(end, start + 1000), lanes, billed, unbilled, marks };
}

/** Where a span sits on the axis, as percentages of its length (for `inset-inline-start` and `inline-size`). */
export function placement(model: TimelineModel, span: Span): { start: number; size: number } {
  const length = model.end - model.start;
  const start = ((span.from - model.start) / length) * 100;
  const size = ((span.to - span.from) / length) * 100;
  return { start: round(start), size: round(Math.max(size, 0.4)) };
}

const round = (value: number) => Math.round(value * 100) / 100;
