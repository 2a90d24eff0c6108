import { ContextProvider } from '@lit/context';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { StaffApi, VisitError } from '@visitkit/core';
import type { VisitState } from '@visitkit/core';
import { CANNED_WARNINGS, visitRoutePath } from '@visitkit/core/protocol';
import type { Ledger } from '@visitkit/core/protocol';
import { visitClientContext, visitUiContext } from '../../context.js';
import { formatDuration } from '../../i18n/translate.js';
import { ClientOwnership } from '../../internal/client-ownership.js';
import { connectProgressLine } from '../../internal/connect-progress.js';
import { defaultClientFactory } from '../../internal/default-client-factory.js';
import { errorScreen } from '../../internal/error-screen.js';
import { tokens } from '../../internal/shared-styles.js';
import { checkHttpUrl, checkLang, checkVisitId } from '../../internal/validate.js';
import { VkBase } from '../../internal/vk-element.js';
import type { VisitClientFactory, VisitClientLike } from '../../visit-client-like.js';
import { ledgerView } from './ledger-view.js';
import { monitorStyles } from './vk-monitor.styles.js';

/** The staff actions `<vk-monitor>` needs (`StaffApi` from `@visitkit/core`). */
export type StaffActions = Pick<StaffApi, 'warn' | 'mute' | 'terminate' | 'ledger'>;

const CONNECTED = ['lobby', 'live', 'reconnecting'] as const;

/**
 * @summary A staff console for one visit: watch and listen hidden, warn, mute, end the visit, read the ledger.
 *
 * The monitor role comes from the token (the portal's `authorize` hook), not from this element. Privileged
 * (attorney) visits refuse monitors: the element says so instead of joining.
 *
 * While it connects, a polite live region says so and, on a slow or retried first connect, which attempt runs
 * ("Still connecting… (attempt n)"); when the first connect gives up (about a minute of attempts), the same region
 * says it could not connect and a Try again button joins again with a fresh token.
 *
 * @event vk-state-change - The monitor's connection moved to another state. Detail: `{ state, previous }`.
 * @event vk-error - An action or the connection failed, or an attribute is invalid. Detail: `{ error }`.
 *
 * @csspart connect-progress - Connecting: the "Still connecting… (attempt n)" line on a long or retried first connect.
 * @csspart stage - The participants' videos.
 * @csspart warnings - The canned warning buttons.
 * @csspart participants - The participant list with mute buttons.
 * @csspart terminate-button - "End visit".
 * @csspart dialog - The terminate confirmation dialog.
 * @csspart ledger - The ledger summary.
 *
 * @example
 * <vk-monitor api-base="/api/visitkit" visit-id="v-42"></vk-monitor>
 */
export class VkMonitor extends VkBase {
  static override styles = [tokens, monitorStyles];

  /** Where the server adapter is mounted, e.g. `/api/visitkit`. */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** Token route, when it is not `${api-base}/visits/${visit-id}/token`. */
  @property({ attribute: 'token-url' }) tokenUrl = '';

  /** Id of the visit to monitor. */
  @property({ attribute: 'visit-id' }) visitId = '';

  /** `light`, `dark`, or empty to follow the system. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';

  /** Creates the client (defaults to a real `VisitClient`). */
  @property({ attribute: false }) createClient: VisitClientFactory = defaultClientFactory;

  /** Staff actions; defaults to a `StaffApi` on `api-base`. */
  @property({ attribute: false }) staff: StaffActions | undefined;

  @state() private configError: VisitError | undefined;
  @state() private ledger: Ledger | undefined;
  @state() private ledgerFailed = false;
  @state() private status = '';
  @state() private reasonMissing = false;
  @state() private connectedSince: number | undefined;
  @state() private now = Date.now();

  @query('dialog') private dialog!: HTMLDialogElement | null;
  @query('#reason') private reasonInput!: HTMLTextAreaElement | null;

  readonly #clientProvider = new ContextProvider(this, { context: visitClientContext });
  readonly #uiProvider = new ContextProvider(this, { context: visitUiContext });
  #clock: ReturnType<typeof setInterval> | undefined;
  #reported = new Set<string>();
  /** The client state the last render showed, to move focus when the screen changes. */
  #shown: VisitState | undefined;
  /** Whether something in the element had the focus before this render (which may remove it). */
  #hadFocus = false;
  #ownStaff: StaffActions | undefined;
  /** The client this element made itself, which it leaves; a client the page passed in it never leaves. */
  readonly #own = new ClientOwnership();

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#hadFocus = (this.shadowRoot?.activeElement ?? null) !== null;
    if (changed.has('lang')) this.#report([checkLang(this.lang, 'vk-monitor')]);
    if (changed.has('apiBase') || changed.has('visitId') || changed.has('tokenUrl')) this.#configure();
    // The page handed over its own client: ours is no longer needed.
    else if (changed.has('client') && !this.#own.owns(this.client)) void this.#own.release();
    super.willUpdate(changed);
    this.#uiProvider.setValue({ lang: this.locale, kiosk: false });
    if (this.#clientProvider.value !== this.client) this.#clientProvider.setValue(this.client);
  }

  protected override subscribe(client: VisitClientLike): Array<() => void> {
    return [
      client.on('state', (state, previous) => {
        this.emitStateChange(client, state, previous);
        const connected = (CONNECTED as readonly string[]).includes(state);
        if (connected && this.connectedSince === undefined) {
          this.connectedSince = Date.now();
          void this.refreshLedger();
        }
        if (!connected) this.#stopClock();
        else this.#startClock();
      }),
      client.on('error', (error) => this.emit('vk-error', { error })),
    ];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopClock();
    queueMicrotask(() => {
      if (!this.isConnected) void this.#dropOwnClient();
    });
  }

  /** Reloads the ledger summary. */
  async refreshLedger(): Promise<void> {
    if (!this.staff) return;
    try {
      this.ledger = await this.staff.ledger();
      this.ledgerFailed = false;
    } catch {
      this.ledgerFailed = true;
    }
  }

  override render() {
    return html`<div lang=${this.locale} dir=${this.direction ?? nothing}>
      <h2 tabindex="-1">${this.t('monitor.heading')}</h2>
      ${this.#renderConnectStatus()}
      ${this.#renderBody()}
      <p class="status" role="status" ?data-empty=${!this.status}>${this.status}</p>
    </div>`;
  }

  #renderBody(): TemplateResult {
    const client = this.client;
    if (this.configError || !client) return html`<p>${this.t('error.config.body')}</p>`;
    switch (client.state) {
      case 'idle':
      case 'prejoin':
        return html`<p>${this.t('monitor.hidden')}</p>
          <button class="primary" @click=${() => void client.join().catch(() => undefined)}>
            ${this.t('monitor.start')}
          </button>`;
      // What connecting and a failure say is in the connect status region, which is always there.
      case 'connecting':
        return html``;
      case 'failed': {
        const code = client.lastError?.code;
        // The client's own retry path: `join()` from `failed` fetches a new token and connects again.
        return code !== 'privileged-visit' && errorScreen(code).retry
          ? html`<button class="primary" @click=${() => void client.join().catch(() => undefined)}>
              ${this.t('action.tryAgain')}
            </button>`
          : html``;
      }
      case 'ended':
        return html`<p>${this.t('monitor.ended')}</p>
          ${client.endInfo ? html`<p>${this.t(`end.reason.${client.endInfo.reason}`)}</p>` : nothing}
          ${this.#renderLedger()}`;
      case 'lobby':
      case 'live':
      case 'reconnecting':
        return this.#renderConsole(client);
      default: {
        const unreachable: never = client.state;
        throw new Error(`unknown state ${String(unreachable)}`);
      }
    }
  }

  /**
   * The polite live region of the first connect: rendered (empty) in every state, so that screen readers hear
   * "Connecting…", each "Still connecting… (attempt n)" and why it failed as the text changes inside it.
   */
  #renderConnectStatus(): TemplateResult {
    const client = this.client;
    const state = this.configError ? undefined : client?.state;
    let content: TemplateResult | undefined;
    if (state === 'connecting') {
      content = html`<p tabindex="-1" data-autofocus>${this.t('connecting.heading')}</p>
        ${connectProgressLine((key, params) => this.t(key, params), client?.connectProgress)}`;
    } else if (state === 'failed') {
      const code = client?.lastError?.code;
      const screen = errorScreen(code);
      content =
        code === 'privileged-visit'
          ? html`<p class="problem" tabindex="-1" data-autofocus>${this.t('monitor.privileged')}</p>`
          : html`<h3 class="problem" tabindex="-1" data-autofocus>${this.t(screen.heading)}</h3>
              <p>${this.t(screen.body)}</p>`;
    }
    return html`<div class="connect" role="status" ?data-empty=${!content}>${content ?? nothing}</div>`;
  }

  #renderConsole(client: VisitClientLike): TemplateResult {
    const people = client.participants.filter((p) => !p.isLocal && p.role !== 'monitor');
    return html`
      <p>
        ${
          this.connectedSince === undefined
            ? nothing
            : this.t('monitor.connectedFor', { duration: formatDuration(this.locale, this.now - this.connectedSince) })
        }
      </p>
      ${client.state === 'reconnecting' ? html`<p role="alert">${this.t('reconnecting.heading')}</p>` : nothing}
      <div class="layout">
        <vk-stage part="stage"></vk-stage>
        <div class="panel">
          <section part="warnings" aria-labelledby="warn-heading">
            <h3 id="warn-heading">${this.t('monitor.warnings')}</h3>
            <div class="row">
              ${CANNED_WARNINGS.map(
                (code) => html`<button @click=${() => this.#warn(code)}>${this.t(`warning.${code}`)}</button>`,
              )}
            </div>
          </section>
          <section part="participants" aria-labelledby="people-heading">
            <h3 id="people-heading">${this.t('monitor.participants')}</h3>
            <ul>
              ${people.map(
                (p) => html`<li>
                  <strong>${p.name || p.identity}</strong>
                  ${p.role ? html`<span>(${this.t(`role.${p.role}`)})</span>` : nothing}
                  <div class="row">
                    <button
                      ?disabled=${!p.micEnabled}
                      @click=${() => this.#mute(p.identity, p.name || p.identity, 'audio')}
                    >
                      ${this.t('monitor.muteAudio', { name: p.name || p.identity })}
                    </button>
                    <button
                      ?disabled=${!p.cameraEnabled}
                      @click=${() => this.#mute(p.identity, p.name || p.identity, 'video')}
                    >
                      ${this.t('monitor.muteVideo', { name: p.name || p.identity })}
                    </button>
                  </div>
                </li>`,
              )}
            </ul>
          </section>
          ${this.#renderLedger()}
          <button class="danger" part="terminate-button" @click=${this.#openTerminate}>
            ${this.t('monitor.terminate')}
          </button>
        </div>
      </div>
      <dialog part="dialog" aria-labelledby="terminate-heading">
        <form method="dialog" novalidate @submit=${this.#terminate}>
          <h2 id="terminate-heading">${this.t('monitor.terminateHeading')}</h2>
          <label for="reason">${this.t('monitor.reason')}</label>
          <textarea
            id="reason"
            aria-required="true"
            maxlength="500"
            aria-invalid=${this.reasonMissing ? 'true' : 'false'}
            aria-describedby=${this.reasonMissing ? 'reason-missing' : nothing}
          ></textarea>
          ${
            this.reasonMissing
              ? html`<p class="problem" id="reason-missing">${this.t('monitor.reasonRequired')}</p>`
              : nothing
          }
          <div class="row">
            <button type="button" @click=${() => this.dialog?.close()}>${this.t('action.cancel')}</button>
            <button type="submit" class="danger">${this.t('monitor.terminate')}</button>
          </div>
        </form>
      </dialog>
    `;
  }

  /** Moves the focus to the new screen when the control that had it went away with the old one. */
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const shown = this.configError ? undefined : this.client?.state;
    const previous = this.#shown;
    this.#shown = shown;
    // The focus went away with a control of the old screen (Start monitoring, Try again): it moves to what the new
    // screen says first (else the heading), so keyboard and screen-reader users are not left on the page's body.
    // Focus elsewhere, on the page or in the element, is never taken.
    if (previous === shown || !this.#hadFocus || (this.shadowRoot?.activeElement ?? null) !== null) return;
    const target =
      this.renderRoot.querySelector<HTMLElement>('[data-autofocus]') ?? this.renderRoot.querySelector('h2');
    target?.focus();
  }

  async #act(action: () => Promise<void>, done: string): Promise<void> {
    try {
      await action();
      this.status = done;
      void this.refreshLedger();
    } catch (error) {
      const visitError = error instanceof VisitError ? error : new VisitError('server-unreachable', String(error));
      this.status = this.t('monitor.failed', { message: visitError.message });
      this.emit('vk-error', { error: visitError });
    }
  }

  #warn(code: (typeof CANNED_WARNINGS)[number]): void {
    const staff = this.staff;
    if (staff) void this.#act(() => staff.warn({ code }), this.t('monitor.sent'));
  }

  #mute(identity: string, name: string, track: 'audio' | 'video'): void {
    const staff = this.staff;
    if (staff) void this.#act(() => staff.mute({ identity, track }), this.t('monitor.muted', { name }));
  }

  async #openTerminate(): Promise<void> {
    this.reasonMissing = false;
    this.dialog?.showModal();
    await this.updateComplete;
    this.reasonInput?.focus();
  }

  #terminate(event: Event): void {
    event.preventDefault();
    const reason = this.reasonInput?.value.trim() ?? '';
    const staff = this.staff;
    if (!reason) {
      this.reasonMissing = true;
      this.reasonInput?.focus();
      return;
    }
    this.dialog?.close();
    if (staff) void this.#act(() => staff.terminate({ reason }), this.t('monitor.terminated'));
  }

  #startClock(): void {
    if (this.#clock !== undefined) return;
    this.#clock = setInterval(() => (this.now = Date.now()), 1000);
  }

  #renderLedger(): TemplateResult {
    return ledgerView(
      this.locale,
      (key) => this.t(key),
      this.ledger,
      this.ledgerFailed,
      () => void this.refreshLedger(),
    );
  }

  #stopClock(): void {
    clearInterval(this.#clock);
    this.#clock = undefined;
  }

  #report(problems: ReadonlyArray<VisitError | undefined>): void {
    for (const problem of problems) {
      if (!problem || this.#reported.has(problem.message)) continue;
      this.#reported.add(problem.message);
      console.error(`[visitkit] ${problem.message}`);
      this.emit('vk-error', { error: problem });
    }
  }

  #configure(): void {
    this.configError =
      checkVisitId(this.visitId, 'vk-monitor') ??
      checkHttpUrl(this.apiBase, 'api-base', 'vk-monitor') ??
      (this.tokenUrl ? checkHttpUrl(this.tokenUrl, 'token-url', 'vk-monitor') : undefined);
    this.#report([this.configError]);
    // The visit the element joined for the previous configuration is not this one: leave it.
    void this.#dropOwnClient();
    if (this.configError) return;
    const base = this.apiBase.replace(/\/+$/, '');
    if (!this.client) {
      const tokenUrl = this.tokenUrl || visitRoutePath(base, this.visitId, 'token');
      this.client = this.#own.adopt(this.createClient({ visitId: this.visitId, tokenUrl }));
    }
    if (!this.staff || this.staff === this.#ownStaff) {
      this.#ownStaff = new StaffApi({ apiBase: base, visitId: this.visitId });
      this.staff = this.#ownStaff;
    }
    this.connectedSince = undefined;
    this.ledger = undefined;
  }

  /** Drops and leaves the client this element made; a client the page passed in stays. */
  #dropOwnClient(): Promise<void> {
    if (this.#own.owns(this.client)) this.client = undefined;
    return this.#own.release();
  }
}
