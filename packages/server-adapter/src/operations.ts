import type { ErrorCode, VisitRoute } from '@visitkit/core/protocol';
import type { VisitEvent } from './visit-events.js';

/**
 * Something the adapter did that an operator may want to see or count: each is one log line (see
 * {@link VisitLogger}) and feeds {@link VisitMetrics}. A closed union: switch on `op` (and end with a `never` check).
 *
 * - `visit-event`: a {@link VisitEvent} was recorded (tokens, consents, joins and leaves, staff actions, the
 *   enforcer's warnings, time-limit ends and removals) — the handler's and the enforcer's alike.
 * - `request-refused`: a route answered with an error (`action` is the route: `token`, `webhook`, `terminate`, …).
 * - `webhook-received`: a verified LiveKit webhook, `lagMs` after LiveKit created it.
 * - `room-guarded`: a Visitkit room without its policy, or of a terminated visit, was restored, refused or closed.
 * - `enforcer-tick`: one enforcer pass; `rooms` is the number of live visit rooms, `errors` rooms that failed.
 * - `enforcer-failed`: a pass could not list LiveKit's rooms.
 */
export type VisitOperation =
  | { op: 'visit-event'; event: VisitEvent }
  | {
      op: 'request-refused';
      action: RouteAction;
      status: number;
      code: ErrorCode;
      method: string;
      path: string;
      cause?: string;
    }
  | { op: 'webhook-received'; event: string; lagMs: number; visitEvents: number }
  | { op: 'room-guarded'; room: string; outcome: 'restored' | 'refused' | 'closed' }
  | { op: 'enforcer-tick'; rooms: number; errors: number }
  | { op: 'enforcer-failed'; cause: string };

/** The route a request went to (`unknown` when it matched none). */
export type RouteAction = VisitRoute | 'webhook' | 'unknown';

/** The `op` of every {@link VisitOperation}. */
export type VisitOperationType = VisitOperation['op'];

/** Flat fields of a log line: what a JSON log line carries besides time, level and message. */
export type VisitLogFields = Readonly<Record<string, string | number | boolean>>;

/** One log line: its level, its human message, its fields. */
export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: VisitLogFields;
}

/**
 * How one operation is logged (undefined: not at all — a quiet enforcer tick). Never secrets, tokens or a
 * cause's message (it may quote URLs, request data or a portal's internals): a cause is its type and status.
 */
export function describeOperation(operation: VisitOperation): LogLine | undefined {
  switch (operation.op) {
    case 'visit-event': {
      const { event } = operation;
      return {
        level: 'info',
        message: `visit event ${event.type}`,
        fields: { op: operation.op, type: event.type, visitId: event.visitId, eventId: event.id },
      };
    }
    case 'request-refused': {
      const { action, status, code, method, path, cause } = operation;
      const message = `${method} ${path} → ${status} ${code}${cause === undefined ? '' : ` (cause: ${cause})`}`;
      const level = status >= 500 ? 'error' : 'info';
      return {
        level,
        message,
        fields: { op: operation.op, action, status, code, ...(cause === undefined ? {} : { cause }) },
      };
    }
    case 'webhook-received':
      return {
        level: 'info',
        message: `webhook ${operation.event} (${operation.lagMs} ms after LiveKit sent it)`,
        fields: {
          op: operation.op,
          event: operation.event,
          lagMs: operation.lagMs,
          visitEvents: operation.visitEvents,
        },
      };
    case 'room-guarded':
      return {
        level: 'warn',
        message: `room ${operation.room} ${operation.outcome} by the room guard`,
        fields: { op: operation.op, room: operation.room, outcome: operation.outcome },
      };
    case 'enforcer-tick':
      return operation.errors > 0
        ? {
            level: 'warn',
            message: `enforcer: ${operation.errors} room(s) failed this tick; retrying next tick`,
            fields: { op: operation.op, rooms: operation.rooms, errors: operation.errors },
          }
        : undefined; // every few seconds: counted in the metrics, not worth a line
    case 'enforcer-failed':
      return {
        level: 'warn',
        message: `enforcer: could not list rooms (${operation.cause}); retrying next tick`,
        fields: { op: operation.op, cause: operation.cause },
      };
    default: {
      const never: never = operation;
      throw new Error(`unknown operation ${JSON.stringify(never)}`);
    }
  }
}

/** Where operations go: a log line each (if any), and the metrics (if given). */
export function createReporter(
  log: (level: LogLine['level'], message: string, fields?: VisitLogFields) => void,
  metrics?: { observe(operation: VisitOperation): void },
) {
  return (operation: VisitOperation): void => {
    metrics?.observe(operation);
    const line = describeOperation(operation);
    if (line) log(line.level, line.message, line.fields);
  };
}
