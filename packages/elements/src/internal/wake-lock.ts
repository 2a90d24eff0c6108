import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The part of a `WakeLockSentinel` the widget uses. */
export interface WakeLockSentinelLike extends EventTarget {
  readonly released: boolean;
  release(): Promise<void>;
}

/** The part of `navigator.wakeLock` the widget uses (injectable for browsers and tests without it). */
export interface WakeLockApi {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

/** The Screen Wake Lock API of this browser, or `undefined` where it does not exist (or outside a secure context). */
export function browserWakeLock(): WakeLockApi | undefined {
  const api = (globalThis.navigator as { wakeLock?: WakeLockApi } | undefined)?.wakeLock;
  return api && typeof api.request === 'function' ? api : undefined;
}

/**
 * Keeps the screen on while a visit runs (Screen Wake Lock API).
 *
 * The browser drops a wake lock whenever the page is hidden (another tab, the phone's lock button), so the lock
 * is requested again each time the page becomes visible while it is still wanted. Where the API is absent or the
 * request is refused, nothing breaks: `held` stays false and the pre-join screen warns that the screen may dim.
 */
export class ScreenWakeLock implements ReactiveController {
  readonly #api: () => WakeLockApi | undefined;
  readonly #onChange: () => void;
  #wanted = false;
  #connected = false;
  #sentinel: WakeLockSentinelLike | undefined;
  /** The request in flight; a second one is never started while it runs. */
  #pending: Promise<void> | undefined;

  constructor(host: ReactiveControllerHost, api: () => WakeLockApi | undefined, onChange: () => void = () => {}) {
    this.#api = api;
    this.#onChange = onChange;
    host.addController(this);
  }

  /** Whether the screen is being kept on right now. */
  get held(): boolean {
    return this.#sentinel !== undefined && !this.#sentinel.released;
  }

  /** Whether this browser offers the API at all. */
  get supported(): boolean {
    return this.#api() !== undefined;
  }

  /** Asks for the lock (`true`, a visit runs) or gives it back (`false`). Idempotent. */
  set(wanted: boolean): void {
    if (wanted === this.#wanted) return;
    this.#wanted = wanted;
    if (wanted) void this.#acquire();
    else void this.#release();
  }

  hostConnected(): void {
    this.#connected = true;
    document.addEventListener('visibilitychange', this.#onVisibility);
    if (this.#wanted) void this.#acquire();
  }

  hostDisconnected(): void {
    this.#connected = false;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    void this.#release();
  }

  readonly #onVisibility = (): void => {
    if (document.visibilityState === 'visible' && this.#wanted) void this.#acquire();
  };

  readonly #onReleased = (): void => {
    // The browser let go (page hidden, battery saver): forget the sentinel; visibilitychange asks again.
    this.#sentinel?.removeEventListener('release', this.#onReleased);
    this.#sentinel = undefined;
    this.#onChange();
  };

  async #acquire(): Promise<void> {
    if (this.#pending) return this.#pending;
    const api = this.#api();
    if (!api || this.held || !this.#connected || document.visibilityState !== 'visible') return;
    this.#pending = (async () => {
      try {
        const sentinel = await api.request('screen');
        if (!this.#wanted || !this.#connected) {
          // The visit ended while the request was in flight.
          await sentinel.release().catch(() => undefined);
          return;
        }
        this.#sentinel = sentinel;
        sentinel.addEventListener('release', this.#onReleased);
        this.#onChange();
      } catch {
        // Refused (no user activation, power saving, permissions policy): the screen may dim; nothing else changes.
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }

  async #release(): Promise<void> {
    await this.#pending;
    const sentinel = this.#sentinel;
    if (!sentinel || (this.#wanted && this.#connected)) return;
    this.#sentinel = undefined;
    sentinel.removeEventListener('release', this.#onReleased);
    await sentinel.release().catch(() => undefined);
    this.#onChange();
  }
}
