import { VkStage } from './vk-stage.component.js';
import '../vk-tile/vk-tile.js';

export { VkStage };

if (!customElements.get('vk-stage')) customElements.define('vk-stage', VkStage);

declare global {
  interface HTMLElementTagNameMap {
    'vk-stage': VkStage;
  }
}
