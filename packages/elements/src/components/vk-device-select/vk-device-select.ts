import { VkDeviceSelect } from './vk-device-select.component.js';

export { VkDeviceSelect };

if (!customElements.get('vk-device-select')) customElements.define('vk-device-select', VkDeviceSelect);

declare global {
  interface HTMLElementTagNameMap {
    'vk-device-select': VkDeviceSelect;
  }
}
