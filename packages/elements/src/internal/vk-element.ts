import { consume } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { VisitClientEvents, VisitState } from '@visitkit/core';
import { visitClientContext, visitUiContext, type VisitUi } from '../context.js';
import { isRtl, toLang, type Lang, type MessageKey, type MessageParams } from '../i18n/catalog.js';
import { translate } from '../i18n/translate.js';
import type { VisitClientLike } from '../visit-client-like.js';

/** Client events after which every part simply re-renders from the client's state. */
const RENDER_EVENTS = [
  'state',
  'lobby',
  'visit',
  'participants',
  'devices',
  'local-tracks',
  'time',
  'audio-playback',
  'connectivity',
  'connect-progress',
  'ended',
] as const satisfies ReadonlyArray<keyof VisitClientEvents>;

/**
 * Base of every Visitkit element: re-renders on client changes, translates, and dispatches typed events.
 */
export class VkBase extends LitElement {
  /** The visit client. */
  @property({ attribute: false })
  client: VisitClientLike | undefined;

  /** Language and kiosk mode from a provider, if any. */
  @property({ attribute: false })
  ui: VisitUi | undefined;

  /** Language of the element's text (`en`, `es`, `ar`, `vi`, `zh`, `ht`); falls back to the provider's, the page's, then English. */
  @property() override lang = '';

  /** Facility kiosk: large touch targets, no device switching. */
  @property({ type: Boolean, reflect: true }) kiosk = false;

  #unsubscribe: Array<() => void> = [];
  #subscribedTo: VisitClientLike | undefined;
  /** The last state `vk-state-change` reported, and for which client. */
  #reported: { client: VisitClientLike; state: VisitState } | undefined;

  /** The language this element renders in. */
  protected get locale(): Lang {
    return toLang(this.lang) ?? this.ui?.lang ?? toLang(document.documentElement.lang) ?? 'en';
  }

  /**
   * `rtl` when the element's language is written right to left and neither the element nor an ancestor sets
   * `dir` (then that wins: CSS direction inherits into the shadow root); otherwise `undefined` (inherit).
   */
  protected get direction(): 'rtl' | undefined {
    return isRtl(this.locale) && !this.closest('[dir]') ? 'rtl' : undefined;
  }

  /** Whether the element is in a facility kiosk. */
  protected get inKiosk(): boolean {
    return this.kiosk || (this.ui?.kiosk ?? false);
  }

  /** Translates `key` into the element's language. */
  protected t(key: MessageKey, params?: MessageParams): string {
    return translate(this.locale, key, params);
  }

  /** Subclasses add listeners for events they act on (not just render); return the unsubscribers. */
  protected subscribe(_client: VisitClientLike): Array<() => void> {
    return [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resubscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribeAll();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('client')) this.#resubscribe();
  }

  /** Dispatches a bubbling, composed `vk-` event. */
  protected emit<K extends keyof GlobalEventHandlersEventMap>(
    type: K,
    detail: GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never,
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /**
   * Fires `vk-state-change` for a real change only: not a no-op, not the state it reported last for this client
   * (a client-like object may repeat itself), and always with the state before it.
   */
  protected emitStateChange(client: VisitClientLike, state: VisitState, previous: VisitState): void {
    if (state === previous || (this.#reported?.client === client && this.#reported.state === state)) return;
    this.#reported = { client, state };
    this.emit('vk-state-change', { state, previous });
  }

  #resubscribe(): void {
    if (this.#subscribedTo === this.client && this.#unsubscribe.length > 0) return;
    this.#unsubscribeAll();
    const client = this.client;
    if (!client || !this.isConnected) return;
    this.#subscribedTo = client;
    const rerender = () => this.requestUpdate();
    for (const event of RENDER_EVENTS) this.#unsubscribe.push(client.on(event, rerender));
    this.#unsubscribe.push(...this.subscribe(client));
  }

  #unsubscribeAll(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#subscribedTo = undefined;
  }
}

/**
 * Base of the parts: gets the client, language and kiosk mode from the nearest provider (`<vk-visit>`),
 * or from its own `client` property and `lang`/`kiosk` attributes when used on its own.
 */
export class VkElement extends VkBase {
  /** The visit client; provided by `<vk-visit>` or set directly when the part is used on its own. */
  @consume({ context: visitClientContext, subscribe: true })
  @property({ attribute: false })
  override client: VisitClientLike | undefined;

  /** Language and kiosk mode from the provider, if any. */
  @consume({ context: visitUiContext, subscribe: true })
  @property({ attribute: false })
  override ui: VisitUi | undefined;
}
