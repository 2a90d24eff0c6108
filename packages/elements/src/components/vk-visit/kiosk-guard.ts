import type { ReactiveController, ReactiveControllerHost } from 'lit';

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/** What the kiosk guard should do right now. */
export interface KioskGuardSettings {
  /** Ask before the page is left or reloaded (a visit is running). */
  guardUnload: boolean;
  /** Seconds without any input after which `onIdle` runs; `undefined` disarms the timer. */
  idleSeconds: number | undefined;
}

/**
 * Kiosk behaviour for `<vk-visit kiosk>`: a `beforeunload` guard while a visit runs and an inactivity
 * timer that returns the station to its start screen. Stops everything when the host disconnects.
 */
export class KioskGuard implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #onIdle: () => void;
  #settings: KioskGuardSettings = { guardUnload: false, idleSeconds: undefined };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unloadGuarded = false;

  constructor(host: ReactiveControllerHost & HTMLElement, onIdle: () => void) {
    this.#host = host;
    this.#onIdle = onIdle;
    host.addController(this);
  }

  /** Applies new settings; re-arms the idle timer only when its duration changed. */
  set(settings: KioskGuardSettings): void {
    const rearm = settings.idleSeconds !== this.#settings.idleSeconds;
    this.#settings = settings;
    this.#applyUnloadGuard();
    if (rearm) this.#restartTimer();
  }

  hostConnected(): void {
    for (const type of ACTIVITY) this.#host.addEventListener(type, this.#onActivity, { passive: true });
    this.#applyUnloadGuard();
    this.#restartTimer();
  }

  hostDisconnected(): void {
    for (const type of ACTIVITY) this.#host.removeEventListener(type, this.#onActivity);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#unloadGuarded) window.removeEventListener('beforeunload', this.#onBeforeUnload);
    this.#unloadGuarded = false;
  }

  readonly #onActivity = (): void => {
    if (this.#timer !== undefined) this.#restartTimer();
  };

  readonly #onBeforeUnload = (event: BeforeUnloadEvent): void => {
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = '';
  };

  #applyUnloadGuard(): void {
    const want = this.#settings.guardUnload && this.#host.isConnected;
    if (want === this.#unloadGuarded) return;
    if (want) window.addEventListener('beforeunload', this.#onBeforeUnload);
    else window.removeEventListener('beforeunload', this.#onBeforeUnload);
    this.#unloadGuarded = want;
  }

  #restartTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const seconds = this.#settings.idleSeconds;
    if (seconds === undefined || !this.#host.isConnected) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#onIdle();
    }, seconds * 1000);
  }

  /** Whether a `beforeunload` guard is installed (for tests and diagnostics). */
  get unloadGuarded(): boolean {
    return this.#unloadGuarded;
  }
}
