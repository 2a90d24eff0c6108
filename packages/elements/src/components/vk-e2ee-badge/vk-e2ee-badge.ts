import { VkE2eeBadge } from './vk-e2ee-badge.component.js';

export { VkE2eeBadge };

if (!customElements.get('vk-e2ee-badge')) customElements.define('vk-e2ee-badge', VkE2eeBadge);

declare global {
  interface HTMLElementTagNameMap {
    'vk-e2ee-badge': VkE2eeBadge;
  }
}
