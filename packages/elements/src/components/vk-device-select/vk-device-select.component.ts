import { html, css, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { VkElement } from '../../internal/vk-element.js';
import { tokens } from '../../internal/shared-styles.js';
import type { DeviceKind } from '../../visit-client-like.js';

let nextId = 0;

/**
 * @summary A labelled list of the cameras, microphones or speakers the visit can use.
 *
 * @csspart label - The visible label.
 * @csspart select - The native `<select>`.
 *
 * @cssproperty --vk-touch-target - Minimum height of the list (default 44px).
 *
 * @example
 * <vk-device-select kind="audioinput"></vk-device-select>
 */
export class VkDeviceSelect extends VkElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: inline-flex;
        flex-direction: column;
        gap: 0.25em;
        min-width: 12rem;
        max-width: 100%;
      }
      label {
        font-weight: 600;
      }
    `,
  ];

  /** Which devices to list: `videoinput`, `audioinput` or `audiooutput`. */
  @property() kind: DeviceKind = 'videoinput';

  readonly #id = `vk-device-${++nextId}`;

  override render() {
    const kind: DeviceKind = this.kind === 'audioinput' || this.kind === 'audiooutput' ? this.kind : 'videoinput';
    const devices = (this.client?.devices ?? []).filter((device) => device.kind === kind);
    const selected = this.client?.selectedDevices[kind];
    const name = this.t(`device.${kind}`);
    return html`
      <label part="label" for=${this.#id}>${name}</label>
      <select part="select" id=${this.#id} ?disabled=${devices.length === 0 || this.inKiosk} @change=${this.#onChange}>
        ${devices.length === 0 ? html`<option value="">${this.t('device.none')}</option>` : nothing}
        ${devices.map(
          (device, index) => html`<option value=${device.deviceId} ?selected=${device.deviceId === selected}>
            ${device.label || this.t('device.unnamed', { kind: name, number: index + 1 })}
          </option>`,
        )}
      </select>
    `;
  }

  #onChange(event: Event): void {
    const select = event.target as HTMLSelectElement;
    const kind: DeviceKind = this.kind;
    void this.client?.switchDevice(kind, select.value).catch(() => {
      // The client reports device failures through its `error` event; the list shows the real selection again.
      this.requestUpdate();
    });
  }
}
