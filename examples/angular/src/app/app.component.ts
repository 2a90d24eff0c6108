import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';

type Ended = GlobalEventHandlersEventMap['vk-ended']['detail'];

/**
 * A portal page in Angular: pick the language, embed the visit, react to its events.
 *
 * `CUSTOM_ELEMENTS_SCHEMA` lets the template use <vk-visit> (Angular does not know it as a component). With
 * `strictTemplates`, `$event` in `(vk-…)` bindings is typed from `GlobalEventHandlersEventMap`, which
 * `@visitkit/elements` extends: `onState` gets a `CustomEvent<VkStateChangeDetail>`.
 */
@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main style="max-width: 960px; margin: 0 auto; padding: 16px; font-family: system-ui">
      <header style="display: flex; gap: 12px; align-items: center">
        <h1 style="font-size: 20px; flex: 1">My portal — visit {{ visitId }}</h1>
        <label>
          Language
          <select [value]="lang()" (change)="setLang($event)">
            <option value="en">English</option>
            <option value="es">Español</option>
          </select>
        </label>
      </header>
      <p aria-live="polite">State: {{ state() }}</p>
      <vk-visit
        [attr.token-url]="'/api/visitkit/visits/' + visitId + '/token'"
        [attr.visit-id]="visitId"
        [lang]="lang()"
        (vk-state-change)="onState($event)"
        (vk-ended)="onEnded($event)"
        (vk-error)="onError($event)"
      >
        <!-- Your rules, word for word as your authorize hook expects them (here: the sample portal's). -->
        <p slot="consent">
          Visits are subject to facility rules. Be respectful; no third parties, recordings or screenshots. Staff may end a visit that breaks these rules.
        </p>
      </vk-visit>
      @if (ended(); as info) {
        <p>Visit ended ({{ info.reason }}) after {{ seconds(info.liveDurationMs) }} s.</p>
      }
    </main>
  `,
})
export class AppComponent {
  readonly visitId = new URLSearchParams(location.search).get('visit') ?? 'social-now';
  readonly lang = signal<'en' | 'es'>('en');
  readonly state = signal('idle');
  readonly ended = signal<Ended | undefined>(undefined);

  setLang(event: Event): void {
    this.lang.set((event.target as HTMLSelectElement).value === 'es' ? 'es' : 'en');
  }

  onState(event: GlobalEventHandlersEventMap['vk-state-change']): void {
    this.state.set(event.detail.state);
  }

  onEnded(event: GlobalEventHandlersEventMap['vk-ended']): void {
    this.ended.set(event.detail);
  }

  onError(event: GlobalEventHandlersEventMap['vk-error']): void {
    console.warn('visit error', event.detail.error.code);
  }

  seconds(ms: number): number {
    return Math.round(ms / 1000);
  }
}
