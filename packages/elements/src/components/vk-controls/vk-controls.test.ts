import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { buttonByText, deepActive, deepText } from '../../test-support/dom.js';
import { FakeVisitClient } from '../../test-support/fake-visit-client.js';
import './vk-controls.js';
import type { VkControls } from './vk-controls.component.js';

describe('<vk-controls>', () => {
  it('toggles mic and camera by keyboard, with labels that say what happens', async () => {
    const client = new FakeVisitClient();
    client.state = 'live';
    const el = await fixture<VkControls>(html`<vk-controls .client=${client}></vk-controls>`);
    await expect(el).to.be.accessible();
    buttonByText(el, 'Mute microphone').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(client.micEnabled).to.equal(false);
    expect(deepText(el)).to.contain('Unmute microphone');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(client.cameraEnabled).to.equal(false);
    expect(deepText(el)).to.contain('Turn camera on');
  });

  it('confirms leaving in a modal dialog that starts on "Stay"', async () => {
    const client = new FakeVisitClient();
    client.state = 'live';
    const el = await fixture<VkControls>(html`<vk-controls lang="es" .client=${client}></vk-controls>`);
    buttonByText(el, 'Salir de la visita').click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
    expect(deepActive()?.textContent).to.contain('Quedarse');
    await expect(el).to.be.accessible();
    buttonByText(el.shadowRoot!.querySelector('dialog')!, 'Salir').click();
    expect(client.calls.at(-1)).to.deep.equal({ method: 'leave' });
  });

  it('"Audio only" is a toggle button that turns video off both ways and back on', async () => {
    const client = new FakeVisitClient();
    client.state = 'live';
    const el = await fixture<VkControls>(html`<vk-controls .client=${client}></vk-controls>`);
    const toggle = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="audio-only-button"]')!;
    expect(toggle().getAttribute('aria-pressed')).to.equal('false');
    toggle().focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(client.calls.at(-1)).to.deep.equal({ method: 'setAudioOnly', enabled: true });
    expect(toggle().getAttribute('aria-pressed')).to.equal('true');
    expect(deepText(el)).to.contain('Turn camera on');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(client.calls.at(-1)).to.deep.equal({ method: 'setAudioOnly', enabled: false });
    expect(toggle().getAttribute('aria-pressed')).to.equal('false');
    el.lang = 'es';
    await el.updateComplete;
    expect(toggle().textContent.trim()).to.equal('Solo audio');
  });
});
