import { VkControls } from './vk-controls.component.js';
import '../vk-device-select/vk-device-select.js';

export { VkControls };

if (!customElements.get('vk-controls')) customElements.define('vk-controls', VkControls);

declare global {
  interface HTMLElementTagNameMap {
    'vk-controls': VkControls;
  }
}
