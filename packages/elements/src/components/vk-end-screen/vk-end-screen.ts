import { VkEndScreen } from './vk-end-screen.component.js';

export { VkEndScreen };

if (!customElements.get('vk-end-screen')) customElements.define('vk-end-screen', VkEndScreen);

declare global {
  interface HTMLElementTagNameMap {
    'vk-end-screen': VkEndScreen;
  }
}
