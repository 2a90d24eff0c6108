import { expect, fixture, html } from '@open-wc/testing';
import { FakeVisitClient } from '../../test-support/fake-visit-client.js';
import './vk-device-select.js';
import type { VkDeviceSelect } from './vk-device-select.component.js';

describe('<vk-device-select>', () => {
  it('lists the devices of its kind with a label, names unnamed ones and switches on change', async () => {
    const client = new FakeVisitClient();
    const el = await fixture<VkDeviceSelect>(
      html`<vk-device-select kind="videoinput" .client=${client}></vk-device-select>`,
    );
    const select = el.shadowRoot!.querySelector('select')!;
    expect([...select.options].map((o) => o.textContent.trim())).to.deep.equal(['Front camera', 'Camera 2']);
    expect(select.value).to.equal('cam-1');
    expect(el.shadowRoot!.querySelector('label')!.textContent).to.equal('Camera');
    await expect(el).to.be.accessible();
    select.value = 'cam-2';
    select.dispatchEvent(new Event('change'));
    expect(client.calls).to.deep.equal([{ method: 'switchDevice', kind: 'videoinput', deviceId: 'cam-2' }]);
  });

  it('says when there is no device and is disabled in kiosk mode', async () => {
    const client = new FakeVisitClient();
    const none = await fixture<VkDeviceSelect>(
      html`<vk-device-select kind="audiooutput" lang="es" .client=${client}></vk-device-select>`,
    );
    expect(none.shadowRoot!.querySelector('option')!.textContent).to.contain('No se encontró ninguno');
    expect(none.shadowRoot!.querySelector('select')!.disabled).to.equal(true);
    const kiosk = await fixture<VkDeviceSelect>(
      html`<vk-device-select kiosk kind="audioinput" .client=${client}></vk-device-select>`,
    );
    expect(kiosk.shadowRoot!.querySelector('select')!.disabled).to.equal(true);
    await expect(none).to.be.accessible();
  });
});
