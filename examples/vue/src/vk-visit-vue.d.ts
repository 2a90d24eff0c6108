// Lets vue-tsc type-check <vk-visit> in templates: its attributes and its events with their detail types
// (which @visitkit/elements declares in GlobalEventHandlersEventMap).
import type { DefineComponent } from 'vue';

type VkEvent<K extends keyof GlobalEventHandlersEventMap> = (event: GlobalEventHandlersEventMap[K]) => void;

type VkVisitProps = {
  'token-url'?: string;
  'visit-id'?: string;
  lang?: 'en' | 'es';
  kiosk?: boolean;
  theme?: '' | 'light' | 'dark';
  onVkStateChange?: VkEvent<'vk-state-change'>;
  onVkEnded?: VkEvent<'vk-ended'>;
  onVkError?: VkEvent<'vk-error'>;
};

declare module 'vue' {
  interface GlobalComponents {
    'vk-visit': DefineComponent<VkVisitProps>;
  }
}

export {};
