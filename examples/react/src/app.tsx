import { useEffect, useRef, useState } from 'react';
// Registers <vk-visit> and its parts (the package entry has lit and livekit-client as peer dependencies).
import '@visitkit/elements';
import type { VkVisit } from '@visitkit/elements';

type Ended = GlobalEventHandlersEventMap['vk-ended']['detail'];

/**
 * A portal page in React: pick the language, embed the visit, react to its events.
 * Properties go on the element (React 19 sets known properties, like `lang`, as properties);
 * events are listened to with addEventListener on a ref, which works with every React version.
 */
export function App() {
  const visitId = new URLSearchParams(location.search).get('visit') ?? 'social-now';
  const [lang, setLang] = useState<'en' | 'es'>('en');
  const [state, setState] = useState('idle');
  const [ended, setEnded] = useState<Ended | undefined>();
  const widget = useRef<VkVisit>(null);

  useEffect(() => {
    const element = widget.current;
    if (!element) return;
    const onState = (event: GlobalEventHandlersEventMap['vk-state-change']) => setState(event.detail.state);
    const onEnded = (event: GlobalEventHandlersEventMap['vk-ended']) => setEnded(event.detail);
    const onError = (event: GlobalEventHandlersEventMap['vk-error']) =>
      console.warn('visit error', event.detail.error.code);
    element.addEventListener('vk-state-change', onState);
    element.addEventListener('vk-ended', onEnded);
    element.addEventListener('vk-error', onError);
    return () => {
      element.removeEventListener('vk-state-change', onState);
      element.removeEventListener('vk-ended', onEnded);
      element.removeEventListener('vk-error', onError);
    };
  }, []);

  return (
    <main style={{ maxWidth: 960, margin: '0 auto', padding: 16, fontFamily: 'system-ui' }}>
      <header style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
        <h1 style={{ fontSize: 20, flex: 1 }}>My portal — visit {visitId}</h1>
        <label>
          Language{' '}
          <select value={lang} onChange={(event) => setLang(event.target.value as 'en' | 'es')}>
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </label>
      </header>
      <p aria-live="polite">State: {state}</p>
      <vk-visit ref={widget} token-url={`/api/visitkit/visits/${visitId}/token`} visit-id={visitId} lang={lang}>
        <p slot="consent">Visits are recorded. Be respectful.</p>
      </vk-visit>
      {ended && (
        <p>
          Visit ended ({ended.reason}) after {Math.round(ended.liveDurationMs / 1000)} s.
        </p>
      )}
    </main>
  );
}
