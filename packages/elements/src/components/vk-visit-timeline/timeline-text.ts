import type { Ledger, Role, UnbilledReason } from '@visitkit/core/protocol';
import type { Lang, MessageKey, MessageParams } from '../../i18n/catalog.js';
import { formatDuration } from '../../i18n/translate.js';
import type { TimelineMark, TimelineModel } from './timeline-model.js';

/** The element's `t()`: a message in its language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** One line of the table alternative: a stretch (`to` set) or a moment. */
export interface Row {
  from: number;
  to: number | undefined;
  text: string;
  seconds: number | undefined;
}

/** The message for each reason a stretch was not billed. */
export const REASON_KEYS: Record<UnbilledReason, MessageKey> = {
  'before-start': 'timeline.reason.beforeStart',
  'waiting-for-monitor': 'timeline.reason.waitingForMonitor',
  'one-party-only': 'timeline.reason.onePartyOnly',
  'after-termination': 'timeline.reason.afterTermination',
  'after-end': 'timeline.reason.afterEnd',
};

/** The message for each role. */
export const ROLE_KEYS: Record<Role, MessageKey> = {
  resident: 'role.resident',
  visitor: 'role.visitor',
  attorney: 'role.attorney',
  monitor: 'role.monitor',
};

/** Every stretch and moment of the visit, in time order: the table alternative to the chart. */
export function timelineRows(t: Translate, ledger: Ledger, model: TimelineModel, locale: Lang): Row[] {
  const rows: Row[] = [];
  for (const lane of model.lanes) {
    const role = lane.role ? t(ROLE_KEYS[lane.role]) : '—';
    for (const i of lane.intervals) {
      const text = t(i.open ? 'timeline.stillConnected' : 'timeline.connectedStretch', { name: lane.name, role });
      rows.push({
        from: i.from,
        to: i.open ? undefined : i.to,
        text: i.reconciled ? t('timeline.approximate', { text }) : text,
        seconds: (i.to - i.from) / 1000,
      });
    }
  }
  for (const b of model.billed) rows.push({ ...b, text: t('timeline.billedStretch'), seconds: (b.to - b.from) / 1000 });
  for (const u of model.unbilled) {
    rows.push({
      from: u.from,
      to: u.to,
      text: t('timeline.unbilled', { reason: t(REASON_KEYS[u.reason]) }),
      seconds: u.seconds,
    });
  }
  for (const m of model.marks)
    rows.push({ from: m.at, to: undefined, text: markText(t, m, ledger, locale), seconds: undefined });
  return rows.sort((a, b) => a.from - b.from);
}

/** What a marker stands for, in words. */
export function markText(t: Translate, mark: TimelineMark, ledger: Ledger, locale: Lang): string {
  if (mark.kind === 'end') return endText(t, ledger);
  if (mark.kind === 'reminder') {
    return t('timeline.timeWarning', { duration: formatDuration(locale, mark.secondsLeft * 1000) });
  }
  const { action } = mark;
  const key: MessageKey =
    action.action === 'warn' ? 'timeline.warning' : action.action === 'mute' ? 'timeline.mute' : 'timeline.terminate';
  const text = t(key, { detail: action.detail });
  return action.staff ? t('timeline.byStaff', { text, staff: action.staff }) : text;
}

/** How the visit ended, in words. */
export function endText(t: Translate, ledger: Ledger): string {
  const end = ledger.end;
  if (!end) return t('timeline.notEnded');
  switch (end.cause) {
    case 'user': {
      const who = ledger.participants.find((p) => p.identity === end.identity);
      return who ? t('timeline.end.user', { name: who.name || who.identity }) : t('timeline.end.userUnknown');
    }
    case 'staff':
      return t('timeline.end.staff', { reason: end.reason });
    case 'time-limit':
      return t('timeline.end.timeLimit');
    case 'system':
      return t('timeline.end.system');
    default: {
      const unreachable: never = end;
      return String(unreachable);
    }
  }
}
