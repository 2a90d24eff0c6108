import { VkTimer } from './vk-timer.component.js';

export { VkTimer };

if (!customElements.get('vk-timer')) customElements.define('vk-timer', VkTimer);

declare global {
  interface HTMLElementTagNameMap {
    'vk-timer': VkTimer;
  }
}
