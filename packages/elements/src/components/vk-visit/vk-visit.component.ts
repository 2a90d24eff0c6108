import { ContextProvider } from '@lit/context';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { VisitClientEvents, VisitError, VisitParticipant, VisitState } from '@visitkit/core';
import { visitClientContext, visitUiContext, type VisitUi } from '../../context.js';
import { ClientOwnership } from '../../internal/client-ownership.js';
import { defaultClientFactory } from '../../internal/default-client-factory.js';
import { tokens } from '../../internal/shared-styles.js';
import { checkHttpUrl, checkIdleSeconds, checkLang, checkVisitId, idleSeconds } from '../../internal/validate.js';
import { VkBase } from '../../internal/vk-element.js';
import type { VisitClientFactory, VisitClientInit, VisitClientLike } from '../../visit-client-like.js';
import { browserWakeLock, ScreenWakeLock, type WakeLockApi } from '../../internal/wake-lock.js';
import { KioskGuard } from './kiosk-guard.js';
import { ChildModeState } from './child-mode.js';
import { childModeStyles } from './child-mode.styles.js';
import { childView, type ChildContext } from './child-view.js';
import {
  connectingView,
  endedView,
  errorView,
  liveView,
  lobbyStatus,
  lobbyView,
  screenFor,
  type ScreenContext,
  type VisitScreen,
} from './visit-screens.js';
import { visitStyles } from './vk-visit.styles.js';

const RUNNING: readonly VisitState[] = ['lobby', 'connecting', 'live', 'reconnecting'];

/** The camera and microphone a client is using, to hand to the client that replaces it. */
function pickedDevices(client: VisitClientLike): VisitClientInit['devices'] {
  const { videoinput, audioinput } = client.selectedDevices;
  return { ...(videoinput ? { videoinput } : {}), ...(audioinput ? { audioinput } : {}) };
}

/**
 * @summary The whole video visit in one tag: get ready, wait, talk, and a clear end.
 *
 * Give it the token route of your server adapter and the visit id, or a `client` you made yourself.
 * Every string is translated (`lang="en"` or `lang="es"`, switchable at runtime).
 *
 * @slot brand - Your logo or title, shown at the top.
 * @slot consent - Your rules / consent text; the user must tick "I agree" before joining.
 * @slot end - Text for the end screen (what happens next, how to book again).
 *
 * @event vk-state-change - The visit moved to another state. Detail: `{ state, previous }`.
 * @event vk-ended - The visit ended. Detail: `{ reason, message, liveDurationMs, sessionDurationMs }`.
 * @event vk-error - Something failed, or an attribute is invalid. Detail: `{ error }` (a `VisitError`). On
 *   `consent-outdated` (the portal's rules changed since the user agreed) the widget shows the rules again,
 *   unticked: put the current rules text in the `consent` slot (or reload the page).
 * @event vk-consent - The user agreed to the rules. Detail: `{ acceptedAt, textSha256 }`.
 * @event vk-feedback - The user rated the visit or reported a problem. Detail: `{ rating, problem, reason }`.
 * @event vk-reset - A kiosk returned to its start screen (after the end screen or inactivity).
 *
 * @csspart header - The top bar with the brand slot and timer.
 * @csspart screen - The current screen.
 * @csspart prejoin - The getting-ready screen.
 * @csspart stage - The video area.
 * @csspart controls - The control bar.
 * @csspart notice - The monitoring notice and staff announcements.
 * @csspart e2ee - Privileged visits: the "End-to-end encrypted" badge, or its warning (`<vk-e2ee-badge>`).
 * @csspart timer - The time left.
 * @csspart end-screen - The end screen.
 * @csspart error - An error screen.
 * @csspart overlay - The reconnecting overlay.
 * @csspart connect-progress - Joining: the "Still connecting… (attempt n)" line on a long or retried first connect.
 * @csspart button - Buttons rendered by the widget itself (Try again, Start over).
 * @csspart dim-hint - Getting ready, where the browser cannot keep the screen on: "your screen may dim".
 * @csspart child-area - Child mode: the video area.
 * @csspart adult-gate - Child mode: the press-and-hold corner button (`<vk-adult-gate>`).
 * @csspart adult-controls - Child mode: the adult controls (timer, controls, self view, full screen).
 * @csspart child-warning - Child mode: the large time warning over the video.
 *
 * @cssproperty --vk-color-background - Widget background.
 * @cssproperty --vk-color-surface - Panels and secondary buttons.
 * @cssproperty --vk-color-text - Text.
 * @cssproperty --vk-color-muted - Secondary text.
 * @cssproperty --vk-color-border - Borders of controls (keep 3:1 contrast).
 * @cssproperty --vk-color-accent - Primary buttons and highlights.
 * @cssproperty --vk-color-on-accent - Text on the accent color.
 * @cssproperty --vk-color-danger - Leave / end buttons.
 * @cssproperty --vk-color-on-danger - Text on the danger color.
 * @cssproperty --vk-color-warning-background - Warnings and staff announcements.
 * @cssproperty --vk-color-warning-text - Text of warnings.
 * @cssproperty --vk-color-focus - Focus ring.
 * @cssproperty --vk-color-tile-background - Behind videos.
 * @cssproperty --vk-radius - Corner radius.
 * @cssproperty --vk-space - Base spacing.
 * @cssproperty --vk-font-family - Font.
 * @cssproperty --vk-touch-target - Minimum size of controls (default 44px).
 * @cssproperty --vk-kiosk-touch-target - Minimum size of controls in kiosk mode (default 72px).
 * @cssproperty --vk-kiosk-font-size - Font size in kiosk mode (default 1.25rem).
 * @cssproperty --vk-adult-gate-size - Child mode: size of the adult gate button (default 56px).
 * @cssproperty --vk-child-self-view-width - Child mode: width of the self view (default clamp(5em, 20%, 10em)).
 * @cssproperty --vk-max-height - Tallest the widget gets in the waiting room and the call; the video shrinks to
 *   keep the controls inside (default 100dvh, the screen). A height or max-height on the element is kept too.
 *
 * @example
 * <vk-visit token-url="/api/visitkit/visits/v-42/token" visit-id="v-42" lang="es">
 *   <img slot="brand" src="/logo.svg" alt="County Visits">
 *   <p slot="consent">Visits are recorded. Be respectful.</p>
 * </vk-visit>
 */
export class VkVisit extends VkBase {
  static override styles = [tokens, visitStyles, childModeStyles];

  /** URL of the server adapter's token route (`POST /visits/:visitId/token`): same-origin path or http(s) URL. */
  @property({ attribute: 'token-url' }) tokenUrl = '';

  /** Id of the visit to join. */
  @property({ attribute: 'visit-id' }) visitId = '';

  /** `light`, `dark`, or empty to follow the user's system setting. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';

  /** Kiosk: seconds without input after which the station returns to its start screen (not during a visit). */
  @property({ attribute: 'inactivity-timeout', type: Number }) inactivityTimeout = 120;

  /** Kiosk stations: the camera to use (a `deviceId`), fixed for the whole visit. */
  @property({ attribute: 'camera-device' }) cameraDevice = '';

  /** Kiosk stations: the microphone to use (a `deviceId`), fixed for the whole visit. */
  @property({ attribute: 'microphone-device' }) microphoneDevice = '';

  /**
   * Child mode, for a young child in front of the screen: the other party fills it, nothing to read, and leave,
   * mute, camera and devices sit behind an adult gesture (press and hold the corner button for 2 s; keyboard and
   * screen-reader alternatives). Time warnings come with a sound and a large visual; the end is a friendly goodbye.
   */
  @property({ type: Boolean, reflect: true, attribute: 'child-mode' }) childMode = false;

  /** Do not show your own small view during the call (child mode offers this to the adult as a switch). */
  @property({ type: Boolean, reflect: true, attribute: 'hide-self-view' }) hideSelfView = false;

  /** Child mode: seconds without use after which the adult controls hide again. */
  @property({ attribute: 'adult-timeout', type: Number }) adultTimeout = 15;

  /** The Screen Wake Lock API to use (defaults to `navigator.wakeLock`; return `undefined` to never use one). */
  @property({ attribute: false }) wakeLockApi: () => WakeLockApi | undefined = browserWakeLock;

  /** Creates the client when none is given (defaults to a real `VisitClient`). */
  @property({ attribute: false }) createClient: VisitClientFactory = defaultClientFactory;

  @state() private configError: VisitError | undefined;
  /**
   * What the widget's polite live region says: the other party joined or left, why the visit ended. The region
   * is always rendered (a region must exist before it speaks); staff messages, time warnings and reconnecting
   * have their own (assertive) regions.
   */
  @state() private said = '';

  readonly #clientProvider = new ContextProvider(this, { context: visitClientContext });
  readonly #uiProvider = new ContextProvider(this, { context: visitUiContext });
  readonly #kiosk = new KioskGuard(this, () => void this.reset());
  readonly #wakeLock = new ScreenWakeLock(this, () => this.wakeLockApi());
  readonly #child = new ChildModeState(this);
  /** The client this element made itself (from `token-url`), which it leaves; a page's client it never leaves. */
  readonly #own = new ClientOwnership();
  #screen: VisitScreen | undefined;
  #joinedAt: number | undefined;
  #reportedConfig = new Set<string>();
  /**
   * "I agree" was ticked in this session. The getting-ready screen is rebuilt when the user comes back to
   * it (after a failed join, or "Start over"); the agreement is still valid, so the tick is restored.
   */
  #agreed = false;
  /** The server refused the agreement as given to outdated rules: ask again, saying why. */
  #rulesChanged = false;
  /** Devices the user picked, for the fresh client "Start over" makes. */
  #carryDevices: VisitClientInit['devices'];

  /** Whether the screen is being kept on right now (a visit runs and the browser granted the wake lock). */
  get wakeLockHeld(): boolean {
    return this.#wakeLock.held;
  }

  /** The screen currently shown. */
  get screen(): VisitScreen {
    if (!this.client) return this.configError ? 'config' : 'prejoin';
    return screenFor(this.client.state);
  }

  /**
   * Returns to the start screen: leaves the current visit and, when the widget made its client from
   * `token-url`, makes a fresh one. Kiosks call this automatically.
   */
  async reset(): Promise<void> {
    const old = this.client;
    if (this.kiosk) {
      // A kiosk resets for the next person: nothing of the previous one is kept.
      this.#agreed = false;
      this.#rulesChanged = false;
      const prejoin = this.renderRoot.querySelector('vk-prejoin');
      if (prejoin) prejoin.agreed = false;
    } else {
      this.#rememberPrejoin();
    }
    if (old && this.#own.owns(old)) {
      if (!this.kiosk) this.#carryDevices = pickedDevices(old);
      await this.#dropOwnClient();
      this.#ensureClient();
    } else if (old && old.state === 'prejoin') {
      await old.stopPreview().catch(() => undefined);
    }
    this.emit('vk-reset', {});
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ensureClient();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Lit may move the element (disconnect + connect in one task); only a real removal ends the visit.
    queueMicrotask(() => {
      if (!this.isConnected) void this.#dropOwnClient();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Leaving the getting-ready screen: remember the tick before the screen goes away.
    if (this.#screen === 'prejoin' && this.screen !== 'prejoin') this.#rememberPrejoin();
    if (
      changed.has('lang') ||
      changed.has('tokenUrl') ||
      changed.has('visitId') ||
      changed.has('client') ||
      changed.has('inactivityTimeout')
    ) {
      this.#validate();
    }
    const ownKept = this.#own.madeFor(this.#clientKey());
    // A different visit (the old client cannot be reused), or the page handed over its own client.
    if ((!ownKept && this.#own.owns(this.client)) || (changed.has('client') && !this.#own.owns(this.client))) {
      void this.#dropOwnClient();
    }
    this.#ensureClient();
    super.willUpdate(changed);
    const ui: VisitUi = { lang: this.locale, kiosk: this.kiosk };
    const current = this.#uiProvider.value;
    if (!current || current.lang !== ui.lang || current.kiosk !== ui.kiosk) this.#uiProvider.setValue(ui);
    if (this.#clientProvider.value !== this.client) this.#clientProvider.setValue(this.client);
    const clientState = this.client?.state;
    // Keep the screen on for as long as a visit runs: nobody touches a phone propped up for a long call.
    this.#wakeLock.set(clientState !== undefined && RUNNING.includes(clientState));
    this.#child.set(this.childMode, this.adultTimeout);
    this.#kiosk.set({
      guardUnload: this.kiosk && clientState !== undefined && RUNNING.includes(clientState),
      idleSeconds:
        this.kiosk && (clientState === 'prejoin' || clientState === 'failed' || clientState === 'ended')
          ? idleSeconds(this.inactivityTimeout)
          : undefined,
    });
  }

  protected override subscribe(client: VisitClientLike): Array<() => void> {
    const onState: VisitClientEvents['state'] = (state, previous) => {
      if (state === 'connecting' && this.#joinedAt === undefined) this.#joinedAt = Date.now();
      this.emitStateChange(client, state, previous);
      // Rules changed since the user agreed: straight back to the rules (camera kept), unticked, saying why.
      if (state === 'failed' && client.lastError?.code === 'consent-outdated') {
        void client.startPreview().catch(() => undefined);
      }
    };
    const onEnded: VisitClientEvents['ended'] = (info) => {
      this.emit('vk-ended', {
        reason: info.reason,
        message: info.message,
        liveDurationMs: info.liveDurationMs,
        sessionDurationMs: this.#joinedAt === undefined ? 0 : info.endedAt.getTime() - this.#joinedAt,
      });
    };
    const onError: VisitClientEvents['error'] = (error) => {
      if (error.code === 'consent-outdated') this.#askConsentAgain();
      this.emit('vk-error', { error });
    };
    const onWarning: VisitClientEvents['warning'] = (warning) => this.#child.warn(warning.secondsLeft);
    const onPresence =
      (key: 'stage.joined' | 'stage.left') =>
      (p: VisitParticipant): void => {
        if (!p.isLocal && p.role !== 'monitor') this.said = this.t(key, { name: p.name || p.identity });
      };
    return [
      client.on('participant-joined', onPresence('stage.joined')),
      client.on('participant-left', onPresence('stage.left')),
      client.on('ended', (info) => (this.said = this.t(`end.reason.${info.reason}`))),
      client.on('state', onState),
      client.on('ended', onEnded),
      client.on('error', onError),
      client.on('warning', onWarning),
    ];
  }

  override render() {
    const screen = this.screen;
    return html`
      <div class="app" data-screen=${screen} lang=${this.locale} dir=${this.direction ?? nothing} aria-label=${this.t('app.label')} role="region">
        <div class="header" part="header">
          <slot name="brand"></slot>
          ${screen === 'live' && !this.childMode ? html`<vk-timer part="timer"></vk-timer>` : nothing}
        </div>
        <div class="screen" part="screen">${this.#renderScreen(screen)}</div>
        <div class="visually-hidden" role="status" data-testid="announcer">${this.said}</div>
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const screen = this.screen;
    const previous = this.#screen;
    this.#screen = screen;
    if (previous !== undefined && previous !== screen) void this.#focusScreen();
  }

  #renderScreen(screen: VisitScreen): TemplateResult {
    const view: ScreenContext = {
      t: (key, params) => this.t(key, params),
      locale: this.locale,
      client: this.client,
      kiosk: this.kiosk,
      canReset: this.#own.owns(this.client),
      reset: () => void this.reset(),
    };
    switch (screen) {
      case 'config':
        return errorView(view, 'config');
      case 'prejoin':
        return html`<vk-prejoin
          part="prejoin"
          ?kiosk=${this.kiosk}
          .agreed=${this.#agreed}
          .rulesChanged=${this.#rulesChanged}
          @vk-consent=${() => {
            this.#agreed = true;
            this.#rulesChanged = false;
          }}
          ><slot name="consent" slot="consent"></slot></vk-prejoin
        >${this.#wakeLock.supported ? nothing : html`<p class="dim-hint" part="dim-hint">${this.t('wakeLock.unsupported')}</p>`}`;
      case 'connecting':
        return connectingView(view);
      case 'lobby':
        return this.childMode ? childView(view, this.#childContext(), lobbyStatus(view)) : lobbyView(view);
      case 'live':
        return this.childMode ? childView(view, this.#childContext()) : liveView(view);
      case 'ended':
        return endedView(view, this.childMode);
      case 'failed':
        return errorView(view, this.client?.lastError?.code);
      default: {
        const unreachable: never = screen;
        throw new Error(`unknown screen ${String(unreachable)}`);
      }
    }
  }

  /**
   * The agreement was to rules that are no longer current: forget it (also on the getting-ready screen, which
   * may still be the one shown) so the user reads the rules the page shows now and agrees again.
   */
  #askConsentAgain(): void {
    this.#agreed = false;
    this.#rulesChanged = true;
    const prejoin = this.renderRoot?.querySelector('vk-prejoin');
    if (prejoin) prejoin.agreed = false;
    this.requestUpdate();
  }

  #childContext(): ChildContext {
    return {
      adultOpen: this.#child.adultOpen,
      warningSeconds: this.#child.warningSeconds,
      hideSelfView: this.hideSelfView,
      adultTimeout: this.adultTimeout,
      fullscreen: document.fullscreenEnabled ? document.fullscreenElement === this : undefined,
      openAdult: () => {
        this.#child.open();
        void this.#focusIn('[data-adult-focus]');
      },
      closeAdult: () => {
        this.#child.close();
        void this.#focusIn('vk-adult-gate', true);
      },
      toggleSelfView: () => (this.hideSelfView = !this.hideSelfView),
      toggleFullscreen: () => {
        const leave = document.fullscreenElement === this;
        void (leave ? document.exitFullscreen() : this.requestFullscreen()).catch(() => undefined);
      },
    };
  }

  /** Focuses `selector` in the widget (or, `inner`, the first button inside that element) after rendering. */
  async #focusIn(selector: string, inner = false): Promise<void> {
    await this.updateComplete;
    const el = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(selector);
    if (inner) await el?.updateComplete;
    (inner ? el?.shadowRoot?.querySelector<HTMLElement>('button') : el)?.focus();
  }

  #rememberPrejoin(): void {
    const prejoin = this.renderRoot?.querySelector('vk-prejoin');
    if (prejoin) this.#agreed = prejoin.agreed;
  }

  async #focusScreen(): Promise<void> {
    await this.updateComplete;
    const own = this.renderRoot.querySelector<HTMLElement>('[data-autofocus]');
    if (own) return own.focus();
    const part = this.renderRoot.querySelector<HTMLElement & { updateComplete?: Promise<unknown> }>(
      'vk-prejoin, vk-end-screen',
    );
    await part?.updateComplete;
    part?.shadowRoot?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }

  #validate(): void {
    const problems: VisitError[] = [];
    const langProblem = checkLang(this.lang, 'vk-visit');
    if (langProblem) problems.push(langProblem);
    const idleProblem = checkIdleSeconds(this.inactivityTimeout, 'vk-visit');
    if (idleProblem) problems.push(idleProblem);
    let blocking: VisitError | undefined;
    if (!this.client || this.#own.owns(this.client)) {
      blocking = checkVisitId(this.visitId, 'vk-visit') ?? checkHttpUrl(this.tokenUrl, 'token-url', 'vk-visit');
      if (blocking) problems.push(blocking);
    }
    this.configError = blocking;
    for (const problem of problems) {
      if (this.#reportedConfig.has(problem.message)) continue;
      this.#reportedConfig.add(problem.message);
      console.error(`[visitkit] ${problem.message}`);
      this.emit('vk-error', { error: problem });
    }
  }

  /** What the owned client was made from: a change means a new client. */
  #clientKey(): string {
    return JSON.stringify([this.visitId, this.tokenUrl, this.cameraDevice, this.microphoneDevice]);
  }

  #ensureClient(): void {
    if (this.client || !this.isConnected) return;
    if (checkVisitId(this.visitId, 'vk-visit') || checkHttpUrl(this.tokenUrl, 'token-url', 'vk-visit')) return;
    const devices = {
      ...this.#carryDevices,
      ...(this.cameraDevice ? { videoinput: this.cameraDevice } : {}),
      ...(this.microphoneDevice ? { audioinput: this.microphoneDevice } : {}),
    };
    this.#carryDevices = undefined;
    const init = {
      visitId: this.visitId,
      tokenUrl: this.tokenUrl,
      ...(Object.keys(devices).length > 0 ? { devices } : {}),
    };
    this.client = this.#own.adopt(this.createClient(init), this.#clientKey());
  }

  /** Drops and leaves the client this element made; a client the page passed in stays (and stays shown). */
  #dropOwnClient(): Promise<void> {
    if (this.#own.owns(this.client)) this.client = undefined;
    return this.#own.release();
  }
}
