import type { Visit } from '@visitkit/core/protocol';
import { VisitHttpError } from './http-error.js';

/**
 * Refuses anything that lets staff listen in (a monitor token, a mute that presumes listening) on a visit the
 * parties were told is not monitored: 403 `not-monitored`. Privileged visits are refused earlier with their
 * own code (`privileged-visit`), which says more.
 *
 * @example
 * if (caller.role === 'monitor') refuseUnmonitored(caller.visit);
 */
export function refuseUnmonitored(visit: Visit): void {
  if (!visit.monitored) {
    throw new VisitHttpError('not-monitored', 'This visit is not monitored: staff cannot listen to it.');
  }
}
