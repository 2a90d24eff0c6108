import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { ConnectivityStatus } from '@visitkit/core';
import type { Consent } from '@visitkit/core/protocol';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import { TrackBinding } from '../../internal/track-binding.js';
import { prejoinStyles } from './vk-prejoin.styles.js';

const CONNECTIVITY_KEY = {
  unknown: 'connectivity.unknown',
  checking: 'connectivity.checking',
  ok: 'connectivity.ok',
  unreachable: 'connectivity.unreachable',
} as const satisfies Record<ConnectivityStatus, string>;

/** SHA-256 (hex) of the consent text, as the token request carries it. */
async function sha256Hex(text: string): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined; // not a secure context
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The problems the "I agree" box is described by, if any. */
function describedBy(rulesChanged: boolean, needAgreement: boolean): string | undefined {
  const ids = [rulesChanged ? 'rules-changed' : '', needAgreement ? 'agree-first' : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/**
 * @summary Getting ready: camera preview, microphone level, device choice, the rules with "I agree", and Join.
 *
 * @slot consent - The portal's rules or consent text. When present, the user must tick "I agree" before joining.
 *
 * @event vk-consent - The user agreed to the rules. Detail: `{ acceptedAt, textSha256 }`.
 *
 * @csspart heading - The heading.
 * @csspart start-button - "Turn on camera and microphone".
 * @csspart preview - The camera preview.
 * @csspart meter - The microphone level meter.
 * @csspart consent - The rules box.
 * @csspart join-button - The Join button.
 *
 * @example
 * <vk-prejoin .client=${client}><p slot="consent">Visits are recorded. Be respectful.</p></vk-prejoin>
 */
export class VkPrejoin extends VkElement {
  static override styles = [tokens, prejoinStyles];

  /**
   * Whether "I agree" is ticked. `<vk-visit>` sets it to keep an agreement given earlier in the same session
   * (after a failed join, the user comes back here with the tick still in place).
   */
  @property({ type: Boolean }) agreed = false;

  /**
   * The server refused the last agreement because the rules changed since (`consent-outdated`): the rules are
   * shown again with a message until the user agrees anew. `<vk-visit>` sets it.
   */
  @property({ type: Boolean, attribute: 'rules-changed' }) rulesChanged = false;

  @state() private level = 0;
  @state() private hasConsent = false;
  @state() private needAgreement = false;
  @state() private joining = false;

  @query('video') private video!: HTMLVideoElement | null;
  @query('#agree') private agreeBox!: HTMLInputElement | null;

  readonly #preview = new TrackBinding();
  #meterTimer: ReturnType<typeof setInterval> | undefined;
  #checkedFor: unknown;

  override render() {
    const client = this.client;
    if (!client) return nothing;
    const previewing = client.state === 'prejoin';
    return html`
      <h2 part="heading" tabindex="-1" data-autofocus>${this.t('prejoin.heading')}</h2>
      <div class="layout">
        <div class="preview" part="preview">
          <video
            autoplay
            playsinline
            muted
            aria-label=${this.t('prejoin.preview')}
            ?hidden=${!client.localTracks.camera}
          ></video>
          ${
            client.localTracks.camera
              ? nothing
              : previewing
                ? html`<span>${this.t('prejoin.cameraOff')}</span>`
                : html`<div class="row" style="flex-direction: column; padding: 1em; text-align: center;">
                <button
                  class="primary"
                  part="start-button"
                  @click=${() => void client.startPreview().catch(() => undefined)}
                >
                  ${this.t('prejoin.start')}
                </button>
                <span>${this.t('prejoin.startHint')}</span>
              </div>`
          }
        </div>
        <div class="side">
          ${
            previewing
              ? html`<label for="meter">${this.t('prejoin.micLevel')}</label>
                <meter id="meter" part="meter" min="0" max="1" low="0.05" .value=${this.level}></meter>
                ${
                  this.inKiosk
                    ? nothing
                    : html`<vk-device-select kind="videoinput" .client=${client}></vk-device-select>
                      <vk-device-select kind="audioinput" .client=${client}></vk-device-select>`
                }`
              : nothing
          }
          <fieldset class="consent" part="consent" ?hidden=${!this.hasConsent}>
            <legend>${this.t('prejoin.consentHeading')}</legend>
            ${
              this.rulesChanged
                ? html`<p class="problem" id="rules-changed" role="alert">${this.t('prejoin.rulesChanged')}</p>`
                : nothing
            }
            <div class="rules"><slot name="consent" @slotchange=${this.#onSlotChange}></slot></div>
            <label class="agree">
              <input
                id="agree"
                type="checkbox"
                .checked=${this.agreed}
                aria-describedby=${describedBy(this.rulesChanged, this.needAgreement) ?? nothing}
                @change=${this.#onAgree}
              />
              ${this.t('prejoin.agree')}
            </label>
            ${
              this.needAgreement
                ? html`<p class="problem" id="agree-first">${this.t('prejoin.agreeFirst')}</p>`
                : nothing
            }
          </fieldset>
          <p class="status" role="status" data-status=${client.connectivity}>
            ${this.t(CONNECTIVITY_KEY[client.connectivity])}
          </p>
          <button class="primary join" part="join-button" ?disabled=${this.joining} @click=${this.#join}>
            ${this.t(this.joining ? 'prejoin.joining' : 'prejoin.join')}
          </button>
        </div>
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const client = this.client;
    this.#preview.bind(this.video, client?.localTracks.camera);
    const previewing = client?.state === 'prejoin';
    if (previewing && this.#meterTimer === undefined) {
      this.#meterTimer = setInterval(() => {
        const level = Math.round((this.client?.getMicrophoneLevel() ?? 0) * 50) / 50;
        if (level !== this.level) this.level = level;
      }, 120);
    } else if (!previewing) {
      this.#stopMeter();
    }
    if (previewing && client && this.#checkedFor !== client && client.connectivity === 'unknown') {
      this.#checkedFor = client;
      void client.checkConnectivity().catch(() => undefined);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopMeter();
    this.#preview.clear();
  }

  #stopMeter(): void {
    clearInterval(this.#meterTimer);
    this.#meterTimer = undefined;
  }

  #consentElements(): Element[] {
    const slot = this.renderRoot.querySelector<HTMLSlotElement>('slot[name="consent"]');
    return slot?.assignedElements({ flatten: true }) ?? [];
  }

  #onSlotChange(): void {
    this.hasConsent = this.#consentElements().length > 0;
  }

  #consentText(): string {
    return this.#consentElements()
      .map((el) => el.textContent ?? '')
      .join('\n')
      .replace(/\s+/g, ' ')
      .trim();
  }

  async #onAgree(event: Event): Promise<void> {
    this.agreed = (event.target as HTMLInputElement).checked;
    if (!this.agreed) return;
    this.needAgreement = false;
    this.rulesChanged = false;
    const consent = await this.#consent();
    this.emit('vk-consent', { acceptedAt: consent.accepted_at, textSha256: consent.text_sha256 });
  }

  async #consent(): Promise<Consent> {
    const sha = await sha256Hex(this.#consentText());
    return sha === undefined
      ? { accepted_at: new Date().toISOString() }
      : { accepted_at: new Date().toISOString(), text_sha256: sha };
  }

  async #join(): Promise<void> {
    const client = this.client;
    if (!client || this.joining) return;
    if (this.hasConsent && !this.agreed) {
      this.needAgreement = true;
      await this.updateComplete;
      this.agreeBox?.focus();
      return;
    }
    this.joining = true;
    try {
      const consent = this.hasConsent ? await this.#consent() : undefined;
      await client.join(consent ? { consent } : {});
    } catch {
      // The client moves to `failed` and reports the error; the widget shows the matching screen.
    } finally {
      this.joining = false;
    }
  }
}
