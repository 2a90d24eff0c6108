import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import { adultGateStyles } from './vk-adult-gate.styles.js';

/** A finger that wanders further than this (CSS px) from where it pressed is not a deliberate hold. */
const MOVE_TOLERANCE_PX = 24;
/** The code step closes by itself after this long without input, so it does not linger in front of a child. */
const CODE_IDLE_MS = 30_000;
const RING_LENGTH = 2 * Math.PI * 26;

/** How the adult opened the controls. */
export type AdultUnlockMethod = 'hold' | 'code';

/** Detail of `vk-adult-unlock`. */
export interface VkAdultUnlockDetail {
  method: AdultUnlockMethod;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vk-adult-unlock': CustomEvent<VkAdultUnlockDetail>;
  }
}

/** What is holding the button: a pointer (and where it went down) or a key. */
type Holder = { pointerId: number; x: number; y: number } | { key: string };

/** Three random digits, spaced so screen readers read them one by one. */
function newCode(): string {
  const digits = new Uint8Array(3);
  crypto.getRandomValues(digits);
  return [...digits].map((d) => String(d % 10)).join(' ');
}

/**
 * @summary A corner button that opens the adult controls only on a deliberate gesture, never on a child's tap.
 *
 * Pointer: press and hold for `hold-ms` (default 2 s) while a ring fills; lifting, moving away or a second finger
 * cancels. Keyboard: hold Enter or Space for the same time (any other key cancels), or press it once and type the
 * three-digit code shown. Screen readers: the button has a name and instructions; activating it shows the code step.
 *
 * @event vk-adult-unlock - The adult completed the gesture. Detail: `{ method: 'hold' | 'code' }`.
 *
 * @csspart button - The corner button.
 * @csspart ring - The progress ring around it.
 * @csspart code-form - The "type the code" step.
 *
 * @cssproperty --vk-adult-gate-size - Size of the corner button (default 56px).
 *
 * @example
 * <vk-adult-gate @vk-adult-unlock=${() => showControls()}></vk-adult-gate>
 */
export class VkAdultGate extends VkElement {
  static override styles = [tokens, adultGateStyles];

  /** How long the press must last, in milliseconds (at least 500). */
  @property({ attribute: 'hold-ms', type: Number }) holdMs = 2000;

  @state() private progress = 0;
  @state() private code: string | undefined;
  @state() private wrong = false;

  @query('#code') private codeInput!: HTMLInputElement | null;

  /** What is holding: a pointer id, a key, or nothing. */
  #holder: Holder | undefined;
  #startedAt = 0;
  #doneTimer: ReturnType<typeof setTimeout> | undefined;
  #frame: number | undefined;
  #codeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Pointers down on the button: a second one (a palm, two little hands) cancels the hold. */
  #pointers = new Set<number>();

  private get duration(): number {
    return Math.max(500, Number.isFinite(this.holdMs) ? this.holdMs : 2000);
  }

  override render() {
    const offset = RING_LENGTH * (1 - this.progress);
    return html`
      <button
        part="button"
        class="gate"
        aria-label=${this.t('child.gate.label')}
        aria-describedby="gate-help"
        aria-expanded=${this.code ? 'true' : 'false'}
        ?data-holding=${this.#holder !== undefined}
        @pointerdown=${this.#onPointerDown}
        @pointermove=${this.#onPointerMove}
        @pointerup=${this.#onPointerEnd}
        @pointercancel=${this.#onPointerEnd}
        @lostpointercapture=${this.#onPointerEnd}
        @keydown=${this.#onKeyDown}
        @keyup=${this.#onKeyUp}
        @blur=${() => this.#cancel()}
        @click=${this.#onClick}
        @contextmenu=${(e: Event) => e.preventDefault()}
      >
        <svg viewBox="0 0 60 60" aria-hidden="true" part="ring">
          <circle class="track" cx="30" cy="30" r="26"></circle>
          <circle
            class="fill"
            cx="30"
            cy="30"
            r="26"
            stroke-dasharray=${RING_LENGTH}
            stroke-dashoffset=${offset}
          ></circle>
          <g class="dots" fill="currentColor">
            <circle cx="20" cy="30" r="3.5"></circle>
            <circle cx="30" cy="30" r="3.5"></circle>
            <circle cx="40" cy="30" r="3.5"></circle>
          </g>
        </svg>
      </button>
      <p id="gate-help" class="visually-hidden">${this.t('child.gate.help')}</p>
      ${
        this.code
          ? html`<form part="code-form" class="code" @submit=${this.#onSubmit} @keydown=${this.#onCodeKey} @input=${this.#touchCode}>
            <label for="code">${this.t('child.gate.codeLabel', { code: this.code })}</label>
            <input id="code" type="text" inputmode="numeric" autocomplete="off" maxlength="8" />
            ${this.wrong ? html`<p class="wrong" role="status">${this.t('child.gate.codeWrong')}</p>` : nothing}
            <div class="row">
              <button type="submit" class="primary">${this.t('child.gate.codeOpen')}</button>
              <button type="button" @click=${() => this.#closeCode(true)}>${this.t('child.gate.cancel')}</button>
            </div>
          </form>`
          : nothing
      }
    `;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#cancel();
    clearTimeout(this.#codeTimer);
    this.code = undefined;
  }

  #onPointerDown(event: PointerEvent): void {
    this.#pointers.add(event.pointerId);
    // Keep receiving every pointer's moves and release, even when it slides off the button.
    try {
      (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser no longer tracks (already lifted): its hold is cancelled by what follows anyway.
    }
    if (this.#pointers.size > 1 || event.button !== 0) return this.#cancel();
    this.#start({ pointerId: event.pointerId, x: event.clientX, y: event.clientY });
  }

  #onPointerMove(event: PointerEvent): void {
    const holder = this.#holder;
    if (!holder || !('pointerId' in holder) || holder.pointerId !== event.pointerId) return;
    const button = event.currentTarget as HTMLElement;
    const box = button.getBoundingClientRect();
    const inside =
      event.clientX >= box.left &&
      event.clientX <= box.right &&
      event.clientY >= box.top &&
      event.clientY <= box.bottom;
    if (!inside || Math.hypot(event.clientX - holder.x, event.clientY - holder.y) > MOVE_TOLERANCE_PX) this.#cancel();
  }

  #onPointerEnd(event: PointerEvent): void {
    this.#pointers.delete(event.pointerId);
    const holder = this.#holder;
    if (holder && 'pointerId' in holder && holder.pointerId === event.pointerId) this.#cancel();
  }

  #onKeyDown(event: KeyboardEvent): void {
    const activation = event.key === 'Enter' || event.key === ' ';
    // The button is activated by the hold, never by the browser's own Enter/Space click.
    if (activation) event.preventDefault();
    const holder = this.#holder;
    if (holder) {
      // Key repeat of the held key keeps holding; any other key (a hand on the keyboard) cancels.
      if (!('key' in holder) || holder.key !== event.key) this.#cancel();
      return;
    }
    if (activation && !event.repeat) this.#start({ key: event.key });
  }

  #onKeyUp(event: KeyboardEvent): void {
    const activation = event.key === 'Enter' || event.key === ' ';
    if (activation) event.preventDefault();
    const holder = this.#holder;
    if (!holder || !('key' in holder) || holder.key !== event.key) return;
    // A short, clean press: offer the second step instead (for people who cannot hold a key).
    this.#cancel();
    this.#openCode();
  }

  #onClick(event: MouseEvent): void {
    // A pointer click is the end of a tap: the hold decides. A click without a pointer (detail 0) comes from
    // assistive technology activating the button: offer the code step.
    if (event.detail === 0) this.#openCode();
  }

  #start(holder: Holder): void {
    this.#cancel();
    this.#holder = holder;
    this.#startedAt = performance.now();
    this.#doneTimer = setTimeout(() => this.#complete(), this.duration);
    const tick = () => {
      this.progress = Math.min(1, (performance.now() - this.#startedAt) / this.duration);
      this.#frame = requestAnimationFrame(tick);
    };
    tick();
  }

  #cancel(): void {
    clearTimeout(this.#doneTimer);
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#doneTimer = undefined;
    this.#frame = undefined;
    if (this.#holder === undefined && this.progress === 0) return;
    this.#holder = undefined;
    this.progress = 0;
  }

  #complete(): void {
    this.#cancel();
    this.#unlock('hold');
  }

  #unlock(method: AdultUnlockMethod): void {
    this.#closeCode(false);
    this.emit('vk-adult-unlock', { method });
  }

  #openCode(): void {
    if (this.code) return;
    this.wrong = false;
    this.code = newCode();
    this.#touchCode();
    void this.updateComplete.then(() => this.codeInput?.focus());
  }

  readonly #touchCode = (): void => {
    clearTimeout(this.#codeTimer);
    this.#codeTimer = setTimeout(() => this.#closeCode(false), CODE_IDLE_MS);
  };

  #closeCode(refocus: boolean): void {
    clearTimeout(this.#codeTimer);
    if (!this.code) return;
    this.code = undefined;
    this.wrong = false;
    if (refocus) this.renderRoot.querySelector<HTMLElement>('.gate')?.focus();
  }

  #onCodeKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.#closeCode(true);
    }
  }

  #onSubmit(event: Event): void {
    event.preventDefault();
    const typed = (this.codeInput?.value ?? '').replace(/\D/g, '');
    if (this.code && typed === this.code.replace(/\D/g, '')) return this.#unlock('code');
    // A wrong guess gets a new code: mashing cannot walk through the possibilities.
    this.code = newCode();
    this.wrong = true;
    if (this.codeInput) this.codeInput.value = '';
    this.#touchCode();
  }
}
