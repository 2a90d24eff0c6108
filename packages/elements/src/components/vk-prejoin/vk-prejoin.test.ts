import { expect, fixture, html } from '@open-wc/testing';
import { buttonByText, deepText, until } from '../../test-support/dom.js';
import { FakeVisitClient } from '../../test-support/fake-visit-client.js';
import './vk-prejoin.js';
import type { VkPrejoin } from './vk-prejoin.component.js';

describe('<vk-prejoin>', () => {
  it('works on its own: preview, level meter, connectivity and join', async () => {
    const client = new FakeVisitClient();
    client.micLevel = 0.5;
    const el = await fixture<VkPrejoin>(html`<vk-prejoin .client=${client}></vk-prejoin>`);
    expect(el.shadowRoot!.querySelector('[part="consent"]')!.hasAttribute('hidden')).to.equal(true);
    await client.startPreview();
    await el.updateComplete;
    const meter = el.shadowRoot!.querySelector('meter')!;
    await until(() => meter.value === 0.5);
    await until(() => deepText(el).includes('Connection looks good'));
    // The element asked for the check itself, once, when the preview started.
    expect(client.calls.filter((c) => c.method === 'checkConnectivity')).to.have.length(1);
    await expect(el).to.be.accessible();
    buttonByText(el, 'Join visit').click();
    await until(() => client.calls.some((c) => c.method === 'join'));
    expect(client.calls.find((c) => c.method === 'join')).to.deep.equal({ method: 'join', consent: undefined });
  });

  it('says so when the visit server cannot be reached, in its status region', async () => {
    const client = new FakeVisitClient();
    client.connectivityResult = 'unreachable';
    const el = await fixture<VkPrejoin>(html`<vk-prejoin .client=${client}></vk-prejoin>`);
    expect(client.calls.some((c) => c.method === 'checkConnectivity')).to.equal(false, 'no check before the preview');
    await client.startPreview();
    await until(() => deepText(el).includes('Cannot reach the visit server'));
    const status = el.shadowRoot!.querySelector('[role="status"]')!;
    expect(status.getAttribute('data-status')).to.equal('unreachable');
    expect(deepText(el)).not.to.contain('Connection looks good');
    await expect(el).to.be.accessible();
  });

  it('shows no device lists in kiosk mode and speaks Spanish', async () => {
    const client = new FakeVisitClient();
    await client.startPreview();
    const el = await fixture<VkPrejoin>(html`<vk-prejoin kiosk lang="es" .client=${client}></vk-prejoin>`);
    expect(el.shadowRoot!.querySelectorAll('vk-device-select')).to.have.length(0);
    expect(deepText(el)).to.contain('Prepárese para su visita');
    await expect(el).to.be.accessible();
  });

  it('says when the visit server cannot be reached', async () => {
    const client = new FakeVisitClient();
    client.checkConnectivity = async () => {
      client.connectivity = 'unreachable';
      client.emit('connectivity', 'unreachable');
      return 'unreachable';
    };
    await client.startPreview();
    const el = await fixture<VkPrejoin>(html`<vk-prejoin .client=${client}></vk-prejoin>`);
    await until(() => deepText(el).includes('Cannot reach the visit server'));
  });
});
