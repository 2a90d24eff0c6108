import { VkMonitor } from './vk-monitor.component.js';
import '../vk-stage/vk-stage.js';

export { VkMonitor };

if (!customElements.get('vk-monitor')) customElements.define('vk-monitor', VkMonitor);

declare global {
  interface HTMLElementTagNameMap {
    'vk-monitor': VkMonitor;
  }
}
