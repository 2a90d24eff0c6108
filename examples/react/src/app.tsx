import { useState } from 'react';
// Registers <vk-visit> and its parts (the package entry has lit and livekit-client as peer dependencies).
import '@visitkit/elements';

type Ended = GlobalEventHandlersEventMap['vk-ended']['detail'];

/**
 * A portal page in React: pick the language, embed the visit, react to its typed events.
 * React 19 sets known properties (like `lang`) as properties and adds `onvk-…` props as event listeners.
 */
export function App() {
  const visitId = new URLSearchParams(location.search).get('visit') ?? 'social-now';
  const [lang, setLang] = useState<'en' | 'es'>('en');
  const [state, setState] = useState('idle');
  const [ended, setEnded] = useState<Ended | undefined>();

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
      <vk-visit
        token-url={`/api/visitkit/visits/${visitId}/token`}
        visit-id={visitId}
        lang={lang}
        onvk-state-change={(event) => setState(event.detail.state)}
        onvk-ended={(event) => setEnded(event.detail)}
        onvk-error={(event) => console.warn('visit error', event.detail.error.code)}
      >
        {/* Your rules, word for word as your authorize hook expects them (here: the sample portal's). */}
        <p slot="consent">
          Visits are subject to facility rules. Be respectful; no third parties, recordings or screenshots. Staff may
          end a visit that breaks these rules.
        </p>
      </vk-visit>
      {ended && (
        <p>
          Visit ended ({ended.reason}) after {Math.round(ended.liveDurationMs / 1000)} s.
        </p>
      )}
    </main>
  );
}
