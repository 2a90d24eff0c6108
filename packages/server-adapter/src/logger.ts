import type { VisitLogFields } from './operations.js';

/**
 * Receives the adapter's log lines: one per {@link VisitOperation} (a recorded visit event, a refused request, a
 * webhook, a guarded room, a failed enforcer pass). `fields` carries the same facts as flat values (`op`,
 * `visitId`, `code`, …) for structured logs. Never given secrets, tokens or stack traces.
 * {@link createVisitLogger} writes them as text or JSON lines.
 */
export type VisitLogger = (level: 'info' | 'warn' | 'error', message: string, fields?: VisitLogFields) => void;

/** Options of {@link createVisitLogger}. */
export interface VisitLoggerOptions {
  /** `text` (default): `[visitkit] info visit event token-issued op=visit-event …`; `json`: one JSON object per line. */
  format?: 'text' | 'json';
  /** Lines below this level are dropped. Default `info` (every operation). */
  level?: 'info' | 'warn' | 'error';
  /** Where a line goes. Default: `console.log` for info, `console.error` for warn and error (any runtime). */
  write?: (line: string, level: 'info' | 'warn' | 'error') => void;
  /** Clock for the JSON `time` field, for tests. Default `Date.now`. */
  now?: () => number;
}

const RANK = { info: 0, warn: 1, error: 2 } as const;

/** A bare value in a text line; quoted when it has spaces, quotes or `=`. */
function textValue(value: string | number | boolean): string {
  const text = String(value);
  return /[\s"=]/.test(text) || text === '' ? JSON.stringify(text) : text;
}

/**
 * A {@link VisitLogger} that writes one line per call: text for people, or JSON (`{"time","level","msg",…fields}`)
 * for log collectors.
 *
 * @example
 * const visitkit = createVisitkit({ livekit, authorize, store, log: createVisitLogger({ format: 'json' }) });
 * // {"time":"2030-01-01T10:00:00.000Z","level":"info","msg":"visit event token-issued","source":"visitkit","op":"visit-event",…}
 */
export function createVisitLogger(options: VisitLoggerOptions = {}): VisitLogger {
  const { format = 'text', level: threshold = 'info', now = Date.now } = options;
  if (format !== 'text' && format !== 'json') throw new TypeError("format must be 'text' or 'json'");
  if (!(threshold in RANK)) throw new TypeError("level must be 'info', 'warn' or 'error'");
  const write = options.write ?? ((line, level) => (level === 'info' ? console.log(line) : console.error(line)));
  return (level, message, fields = {}) => {
    if (RANK[level] < RANK[threshold]) return;
    const line =
      format === 'json'
        ? JSON.stringify({ time: new Date(now()).toISOString(), level, msg: message, source: 'visitkit', ...fields })
        : [
            `[visitkit] ${level} ${message}`,
            ...Object.entries(fields).map(([key, value]) => `${key}=${textValue(value)}`),
          ].join(' ');
    write(line, level);
  };
}
