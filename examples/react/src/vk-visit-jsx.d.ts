// Lets TSX type-check <vk-visit>: its attributes as React 19 passes them, and a ref to the element class.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { VkVisit } from '@visitkit/elements';

type VkVisitProps = DetailedHTMLProps<HTMLAttributes<VkVisit>, VkVisit> & {
  'token-url'?: string;
  'visit-id'?: string;
  lang?: 'en' | 'es';
  kiosk?: boolean;
  theme?: '' | 'light' | 'dark';
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'vk-visit': VkVisitProps;
    }
  }
}
