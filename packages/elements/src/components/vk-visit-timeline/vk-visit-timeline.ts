import { VkVisitTimeline } from './vk-visit-timeline.component.js';

export { VkVisitTimeline };

if (!customElements.get('vk-visit-timeline')) customElements.define('vk-visit-timeline', VkVisitTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'vk-visit-timeline': VkVisitTimeline;
  }
}
