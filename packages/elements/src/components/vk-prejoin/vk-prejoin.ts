import { VkPrejoin } from './vk-prejoin.component.js';
import '../vk-device-select/vk-device-select.js';

export { VkPrejoin };

if (!customElements.get('vk-prejoin')) customElements.define('vk-prejoin', VkPrejoin);

declare global {
  interface HTMLElementTagNameMap {
    'vk-prejoin': VkPrejoin;
  }
}
