import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { playChime } from '../../internal/chime.js';

/** Activity inside the adult controls that keeps them open. */
const ACTIVITY = ['pointerdown', 'keydown', 'focusin', 'input'] as const;
/** How long the large time warning stays over the video. */
const WARNING_SHOWN_MS = 30_000;

/**
 * The state of `<vk-visit child-mode>` that is not the client's: whether the adult controls are open (they close
 * again after some idle seconds, so a child finds them hidden when the adult steps away) and the latest time
 * warning shown large over the video (with a sound cue, for an adult who is not looking at the screen).
 */
export class ChildModeState implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #enabled = false;
  #idleSeconds = 15;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #warningTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether the adult controls are shown. */
  adultOpen = false;
  /** Seconds left of the warning shown large right now, if any. */
  warningSeconds: number | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Turns child mode on or off and sets how long the adult controls stay open without use. */
  set(enabled: boolean, idleSeconds: number): void {
    this.#idleSeconds = Number.isFinite(idleSeconds) && idleSeconds > 0 ? idleSeconds : 15;
    if (enabled === this.#enabled) return;
    this.#enabled = enabled;
    if (!enabled) {
      this.close();
      this.#clearWarning();
    }
  }

  /** Shows the adult controls (after the adult gesture) and starts their idle timer. */
  open(): void {
    if (!this.#enabled) return;
    this.adultOpen = true;
    this.#restartIdle();
    this.#host.requestUpdate();
  }

  /** Hides the adult controls again. */
  close(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (!this.adultOpen) return;
    this.adultOpen = false;
    this.#host.requestUpdate();
  }

  /** A time warning arrived: in child mode, a sound cue and a large visual for a while. */
  warn(secondsLeft: number): void {
    if (!this.#enabled) return;
    playChime();
    this.warningSeconds = secondsLeft;
    clearTimeout(this.#warningTimer);
    this.#warningTimer = setTimeout(() => this.#clearWarning(), WARNING_SHOWN_MS);
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    for (const type of ACTIVITY) this.#host.addEventListener(type, this.#onActivity, { passive: true });
    document.addEventListener('fullscreenchange', this.#onFullscreen);
  }

  hostDisconnected(): void {
    for (const type of ACTIVITY) this.#host.removeEventListener(type, this.#onActivity);
    document.removeEventListener('fullscreenchange', this.#onFullscreen);
    this.close();
    this.#clearWarning();
  }

  /** The full-screen button's label follows the real state (Esc or the browser can leave full screen too). */
  readonly #onFullscreen = (): void => this.#host.requestUpdate();

  readonly #onActivity = (event: Event): void => {
    // Only input inside the open adult controls counts: a child tapping the video must not keep them open.
    if (!this.adultOpen) return;
    const inControls = event
      .composedPath()
      .some((n) => n instanceof HTMLElement && n.dataset.adultControls !== undefined);
    if (inControls) this.#restartIdle();
  };

  #restartIdle(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.close(), this.#idleSeconds * 1000);
  }

  #clearWarning(): void {
    clearTimeout(this.#warningTimer);
    this.#warningTimer = undefined;
    if (this.warningSeconds === undefined) return;
    this.warningSeconds = undefined;
    this.#host.requestUpdate();
  }
}
