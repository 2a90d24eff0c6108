import { html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import type { VisitClientLike } from '../../visit-client-like.js';
import { controlsStyles } from './vk-controls.styles.js';

/**
 * @summary Microphone and camera buttons, "Audio only", a device menu and Leave (with a confirmation).
 *
 * "Audio only" is a toggle (`aria-pressed`): while pressed no video is sent or received, the others' tiles say
 * who chose it, and pressing it again brings the camera and their video back.
 *
 * In kiosk mode the device menu is not offered (fixed devices).
 *
 * @csspart bar - The row of buttons.
 * @csspart mic-off - "Your microphone is off: the others cannot hear you", shown (and announced) while muted.
 * @csspart mic-button - Mute / unmute.
 * @csspart camera-button - Camera on / off.
 * @csspart audio-only-button - Audio only on / off (a toggle button).
 * @csspart devices-button - Opens the device menu.
 * @csspart leave-button - Leave the visit.
 * @csspart dialog - The leave confirmation dialog.
 *
 * @example
 * <vk-controls .client=${client}></vk-controls>
 */
export class VkControls extends VkElement {
  static override styles = [tokens, controlsStyles];

  @state() private devicesOpen = false;
  @state() private muteRequested = false;
  @query('dialog') private dialog!: HTMLDialogElement | null;

  protected override subscribe(client: VisitClientLike): Array<() => void> {
    return [
      client.on('mute-request', () => {
        this.muteRequested = true;
      }),
    ];
  }

  override render() {
    const client = this.client;
    if (!client) return nothing;
    const showDevices = !this.inKiosk;
    return html`
      <div class="request" role="status" ?data-empty=${!(this.muteRequested && client.micEnabled)}>
        ${this.muteRequested && client.micEnabled ? this.t('controls.muteRequested') : nothing}
      </div>
      <div class="mic-off" part="mic-off" role="status" ?data-empty=${client.micEnabled}>
        ${client.micEnabled ? nothing : this.t('controls.micOff')}
      </div>
      <div class="bar" part="bar" role="group" aria-label=${this.t('controls.label')}>
        <button part="mic-button" class=${client.micEnabled ? '' : 'off'} @click=${this.#toggleMic}>
          ${this.t(client.micEnabled ? 'controls.muteMic' : 'controls.unmuteMic')}
        </button>
        <button part="camera-button" class=${client.cameraEnabled ? '' : 'off'} @click=${this.#toggleCamera}>
          ${this.t(client.cameraEnabled ? 'controls.cameraOff' : 'controls.cameraOn')}
        </button>
        <button
          part="audio-only-button"
          aria-pressed=${client.audioOnly ? 'true' : 'false'}
          class=${client.audioOnly ? 'off' : ''}
          @click=${this.#toggleAudioOnly}
        >
          ${this.t('controls.audioOnly')}
        </button>
        ${
          showDevices
            ? html`<button
              part="devices-button"
              aria-expanded=${this.devicesOpen ? 'true' : 'false'}
              aria-controls="devices"
              @click=${() => (this.devicesOpen = !this.devicesOpen)}
            >
              ${this.t('controls.devices')}
            </button>`
            : nothing
        }
        <button class="danger" part="leave-button" @click=${() => this.dialog?.showModal()}>
          ${this.t('controls.leave')}
        </button>
      </div>
      ${
        showDevices && this.devicesOpen
          ? html`<div class="devices" id="devices">
            <vk-device-select kind="audioinput" .client=${client}></vk-device-select>
            <vk-device-select kind="videoinput" .client=${client}></vk-device-select>
            ${
              client.devices.some((d) => d.kind === 'audiooutput')
                ? html`<vk-device-select kind="audiooutput" .client=${client}></vk-device-select>`
                : nothing
            }
          </div>`
          : nothing
      }
      <dialog part="dialog" aria-labelledby="leave-heading" aria-describedby="leave-body">
        <h2 id="leave-heading">${this.t('controls.leaveHeading')}</h2>
        <p id="leave-body">${this.t('controls.leaveBody')}</p>
        <div class="row">
          <button autofocus @click=${() => this.dialog?.close()}>${this.t('controls.stay')}</button>
          <button class="danger" @click=${this.#leave}>${this.t('controls.leaveConfirm')}</button>
        </div>
      </dialog>
    `;
  }

  #toggleMic(): void {
    const client = this.client;
    if (!client) return;
    if (client.micEnabled) this.muteRequested = false;
    this.#settle(client.setMicrophoneEnabled(!client.micEnabled));
  }

  #toggleCamera(): void {
    const client = this.client;
    if (client) this.#settle(client.setCameraEnabled(!client.cameraEnabled));
  }

  #toggleAudioOnly(): void {
    const client = this.client;
    if (client) this.#settle(client.setAudioOnly(!client.audioOnly));
  }

  /** Failures are reported through the client's `error` event; the buttons show the real state again. */
  #settle(change: Promise<void>): void {
    void change.catch(() => undefined).finally(() => this.requestUpdate());
  }

  #leave(): void {
    this.dialog?.close();
    void this.client?.leave();
  }
}
