// The single-file build (dist/cdn/visitkit.js, made by `npm run build`) works in a page with nothing else:
// it registers every element and renders the widget with its own copy of lit.
import { expect } from '@open-wc/testing';

const CDN = '/packages/elements/dist/cdn/visitkit.js';

describe('dist/cdn/visitkit.js', () => {
  before(async () => {
    await import(/* @vite-ignore */ CDN);
  });

  it('registers every element', () => {
    for (const tag of [
      'vk-visit',
      'vk-prejoin',
      'vk-stage',
      'vk-tile',
      'vk-controls',
      'vk-timer',
      'vk-notice',
      'vk-end-screen',
      'vk-device-select',
      'vk-monitor',
    ]) {
      expect(customElements.get(tag), tag).to.be.a('function');
    }
  });

  it('renders the getting-ready screen from plain attributes', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<vk-visit lang="es" token-url="/api/visitkit/visits/v-cdn/token" visit-id="v-cdn"></vk-visit>';
    document.body.append(host);
    const el = host.firstElementChild as HTMLElement & { updateComplete: Promise<unknown>; screen: string };
    await el.updateComplete;
    expect(el.screen).to.equal('prejoin');
    const prejoin = el.shadowRoot!.querySelector('vk-prejoin') as HTMLElement & { updateComplete: Promise<unknown> };
    await prejoin.updateComplete;
    expect(prejoin.shadowRoot!.textContent).to.contain('Prepárese para su visita');
    host.remove();
  });
});
