import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import { visitClientContext, visitUiContext } from '../../context.js';
import { deepText } from '../../test-support/dom.js';
import { FakeVisitClient } from '../../test-support/fake-visit-client.js';
import './vk-timer.js';
import type { VkTimer } from './vk-timer.component.js';

describe('<vk-timer>', () => {
  it('shows the time left and announces warnings once', async () => {
    const client = new FakeVisitClient();
    client.timeLeftMs = 61_000;
    const el = await fixture<VkTimer>(html`<vk-timer .client=${client}></vk-timer>`);
    expect(el.shadowRoot!.querySelector('[role="timer"]')!.textContent).to.contain('1:01 left');
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent.trim()).to.equal('');
    client.timeLeftMs = 60_000;
    client.emit('warning', { secondsLeft: 60, source: 'clock' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('1 minute left in this visit.');
    expect(deepText(el)).to.contain('1:00 left');
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish and stops listening when removed', async () => {
    const client = new FakeVisitClient();
    client.timeLeftMs = 3_725_000;
    const el = await fixture<VkTimer>(html`<vk-timer lang="es" .client=${client}></vk-timer>`);
    expect(deepText(el)).to.contain('Quedan 1:02:05');
    expect(client.listenerCount).to.be.greaterThan(0);
    el.remove();
    expect(client.listenerCount).to.equal(0);
  });

  it('gets the client and language from any @lit/context provider', async () => {
    const client = new FakeVisitClient();
    client.timeLeftMs = 90_000;
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    new ContextProvider(host, { context: visitClientContext, initialValue: client });
    const ui = new ContextProvider(host, { context: visitUiContext, initialValue: { lang: 'es', kiosk: false } });
    const timer = document.createElement('vk-timer');
    host.append(timer);
    await timer.updateComplete;
    expect(timer.shadowRoot!.textContent).to.contain('Quedan 1:30');
    ui.setValue({ lang: 'en', kiosk: false });
    await timer.updateComplete;
    expect(timer.shadowRoot!.textContent).to.contain('1:30 left');
  });
});
