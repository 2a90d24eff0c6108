import { VkNotice } from './vk-notice.component.js';

export { VkNotice };

if (!customElements.get('vk-notice')) customElements.define('vk-notice', VkNotice);

declare global {
  interface HTMLElementTagNameMap {
    'vk-notice': VkNotice;
  }
}
