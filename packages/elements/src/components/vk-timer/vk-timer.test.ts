import { expect, fixture, html } from '@open-wc/testing';
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
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent!.trim()).to.equal('');
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
});
