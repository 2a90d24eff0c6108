import { createContext } from '@lit/context';
import type { Lang } from './i18n/catalog.js';
import type { VisitClientLike } from './visit-client-like.js';

/**
 * The `VisitClient` shared by `<vk-visit>` (or any provider) with the parts inside it.
 *
 * @example
 * import { ContextProvider } from '@lit/context';
 * new ContextProvider(myElement, { context: visitClientContext, initialValue: client });
 */
export const visitClientContext = createContext<VisitClientLike | undefined>(Symbol('visitkit.client'));

/** Presentation settings a provider shares with its parts. */
export interface VisitUi {
  readonly lang: Lang;
  /** Facility kiosk: large targets, fixed devices. */
  readonly kiosk: boolean;
}

/**
 * Language and kiosk mode shared by `<vk-visit>` with its parts.
 *
 * @example
 * new ContextProvider(myElement, { context: visitUiContext, initialValue: { lang: 'es', kiosk: false } });
 */
export const visitUiContext = createContext<VisitUi | undefined>(Symbol('visitkit.ui'));
