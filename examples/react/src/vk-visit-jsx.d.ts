// Lets TSX type-check <vk-visit>: its attributes as React 19 passes them, its events with their detail types
// (declared by @visitkit/elements in GlobalEventHandlersEventMap), and a ref to the element class.
// React 19 adds `on<event-name>` props of a custom element as listeners for `<event-name>`.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { VkVisit } from '@visitkit/elements';

type VkListener<K extends keyof GlobalEventHandlersEventMap> = (event: GlobalEventHandlersEventMap[K]) => void;

type VkVisitProps = DetailedHTMLProps<HTMLAttributes<VkVisit>, VkVisit> & {
  'token-url'?: string;
  'visit-id'?: string;
  lang?: 'en' | 'es';
  kiosk?: boolean;
  theme?: '' | 'light' | 'dark';
  'onvk-state-change'?: VkListener<'vk-state-change'>;
  'onvk-ended'?: VkListener<'vk-ended'>;
  'onvk-error'?: VkListener<'vk-error'>;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'vk-visit': VkVisitProps;
    }
  }
}
