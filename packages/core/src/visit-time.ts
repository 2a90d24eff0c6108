import { Countdown } from './countdown.js';
import { ServerClock } from './server-clock.js';
import { VisitState } from './visit-state.js';

/**
 * The visit's time: the {@link Countdown} on the server clock (to `startsAt` and `endsAt`, warnings) plus
 * how long the visit was live, counted across reconnections from the client's state changes.
 *
 * @example
 * const time = new VisitTime();
 * time.events.on('warning', (secondsLeft) => toast(secondsLeft));
 * time.start(visit, clock);
 * time.handleState('live');
 */
export class VisitTime extends Countdown {
  #liveSince: number | undefined;
  #liveMs = 0;

  constructor() {
    super(new ServerClock());
  }

  /** Time spent `live` so far. */
  get liveMs(): number {
    return this.#liveMs + (this.#liveSince === undefined ? 0 : Date.now() - this.#liveSince);
  }

  handleState(state: VisitState): void {
    const now = Date.now();
    if (state === VisitState.Live) this.#liveSince ??= now;
    else if (this.#liveSince !== undefined) {
      this.#liveMs += now - this.#liveSince;
      this.#liveSince = undefined;
    }
  }
}
