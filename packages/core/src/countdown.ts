import type { Visit } from './protocol/visit.js';
import type { ServerClock } from './server-clock.js';
import { TypedEmitter } from './typed-emitter.js';

/** Events of {@link Countdown}. */
export interface CountdownEvents {
  /** About once a second. */
  time: (time: { untilStartMs: number; timeLeftMs: number }) => void;
  /** A configured warning offset was reached on the server clock. */
  warning: (secondsLeft: number) => void;
  /** `startsAt` was reached (fired once, also when it had already passed at `start()`). */
  started: () => void;
  /** `endsAt` was reached. */
  ended: () => void;
}

/**
 * Time on the server clock for one visit: ticks each second, fires each warning offset once, and
 * fires `started`/`ended` at `startsAt`/`endsAt`. Warnings are de-duplicated by `secondsLeft`
 * with those that arrive as control messages (`markWarned`).
 *
 * @example
 * const countdown = new Countdown(clock);
 * countdown.events.on('warning', (s) => show(`${s} seconds left`));
 * countdown.start(visit);
 */
export class Countdown {
  readonly events = new TypedEmitter<CountdownEvents>();
  #clock: ServerClock;
  #visit: Visit | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #warned = new Set<number>();
  #started = false;
  #ended = false;

  constructor(clock: ServerClock) {
    this.#clock = clock;
  }

  get untilStartMs(): number | undefined {
    return this.#visit ? Math.max(0, this.#clock.msUntil(this.#visit.startsAt)) : undefined;
  }

  get timeLeftMs(): number | undefined {
    return this.#visit ? Math.max(0, this.#clock.msUntil(this.#visit.endsAt)) : undefined;
  }

  /** Starts (or retargets, when the visit or clock changed) the countdown. */
  start(visit: Visit, clock: ServerClock = this.#clock): void {
    const first = this.#visit === undefined;
    this.#visit = visit;
    this.#clock = clock;
    if (first) {
      // Offsets already behind us when we arrive are not announced late.
      const leftSeconds = this.#clock.msUntil(visit.endsAt) / 1000;
      for (const offset of visit.warnings) if (offset > leftSeconds + 1) this.#warned.add(offset);
    }
    if (this.#timer === undefined) this.#tick();
  }

  /**
   * Records a warning shown for another reason; returns false when it was already shown. A server warning stands
   * for the visit's smallest warning offset at or above its `secondsLeft`: several enforcers (adapter instances)
   * send the same warning a second or more apart, saying 25 then 24 seconds left, and it is shown once.
   */
  markWarned(secondsLeft: number): boolean {
    const offsets = (this.#visit?.warnings ?? []).filter((offset) => offset >= secondsLeft);
    const warning = offsets.length > 0 ? Math.min(...offsets) : secondsLeft;
    if (this.#warned.has(warning)) return false;
    this.#warned.add(warning);
    return true;
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops and removes every listener. */
  dispose(): void {
    this.stop();
    this.events.removeAllListeners();
  }

  #tick = (): void => {
    this.#timer = undefined;
    const visit = this.#visit;
    if (!visit) return;
    const untilStartMs = Math.max(0, this.#clock.msUntil(visit.startsAt));
    const timeLeftMs = Math.max(0, this.#clock.msUntil(visit.endsAt));
    this.events.emit('time', { untilStartMs, timeLeftMs });
    if (untilStartMs === 0 && !this.#started) {
      this.#started = true;
      this.events.emit('started');
    }
    for (const offset of visit.warnings) {
      if (timeLeftMs <= offset * 1000 && timeLeftMs > 0 && this.markWarned(offset)) {
        this.events.emit('warning', offset);
      }
    }
    if (timeLeftMs === 0) {
      if (!this.#ended) {
        this.#ended = true;
        this.events.emit('ended');
      }
      return;
    }
    if (!this.#visit) return; // a listener stopped us
    // Align ticks to whole seconds of remaining time so the display never skips a second.
    const next = Math.min(untilStartMs > 0 ? untilStartMs % 1000 || 1000 : 1000, timeLeftMs % 1000 || 1000);
    this.#timer = setTimeout(this.#tick, next + 5);
  };
}
