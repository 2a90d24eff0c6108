import { VkTile } from './vk-tile.component.js';

export { VkTile };

if (!customElements.get('vk-tile')) customElements.define('vk-tile', VkTile);

declare global {
  interface HTMLElementTagNameMap {
    'vk-tile': VkTile;
  }
}
