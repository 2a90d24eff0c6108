import { VkAdultGate } from './vk-adult-gate.component.js';

export { VkAdultGate };

if (!customElements.get('vk-adult-gate')) customElements.define('vk-adult-gate', VkAdultGate);

declare global {
  interface HTMLElementTagNameMap {
    'vk-adult-gate': VkAdultGate;
  }
}
