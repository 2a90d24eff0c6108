import { VkVisit } from './vk-visit.component.js';
import '../vk-prejoin/vk-prejoin.js';
import '../vk-stage/vk-stage.js';
import '../vk-controls/vk-controls.js';
import '../vk-timer/vk-timer.js';
import '../vk-notice/vk-notice.js';
import '../vk-e2ee-badge/vk-e2ee-badge.js';
import '../vk-end-screen/vk-end-screen.js';
import '../vk-adult-gate/vk-adult-gate.js';

export { VkVisit };

if (!customElements.get('vk-visit')) customElements.define('vk-visit', VkVisit);

declare global {
  interface HTMLElementTagNameMap {
    'vk-visit': VkVisit;
  }
}
