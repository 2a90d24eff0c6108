import { expect, fixture, html } from '@open-wc/testing';
import { deepText, HOSTILE_NAME, pwned } from '../../test-support/dom.js';
import { FakeVisitClient, sampleVisit } from '../../test-support/fake-visit-client.js';
import './vk-notice.js';
import type { VkNotice } from './vk-notice.component.js';

describe('<vk-notice>', () => {
  it('states the monitoring policy of the visit', async () => {
    const client = new FakeVisitClient();
    const el = await fixture<VkNotice>(html`<vk-notice .client=${client}></vk-notice>`);
    expect(deepText(el)).to.equal('');
    client.setVisit(sampleVisit({ monitored: true, recorded: false }));
    await el.updateComplete;
    expect(deepText(el)).to.equal('This visit is monitored.');
    client.setVisit(sampleVisit({ kind: 'privileged', monitored: false, recorded: false }));
    await el.updateComplete;
    expect(deepText(el)).to.equal('This visit is not recorded or monitored.');
    await expect(el).to.be.accessible();
  });

  it('shows staff announcements as text, translated, until dismissed', async () => {
    const client = new FakeVisitClient();
    const el = await fixture<VkNotice>(html`<vk-notice lang="es" .client=${client}></vk-notice>`);
    client.emit('announcement', { code: 'dress-code' });
    client.emit('announcement', { code: 'custom-portal-code', message: HOSTILE_NAME });
    await el.updateComplete;
    const text = deepText(el);
    expect(text).to.contain('Por favor, respete el código de vestimenta.');
    expect(text).to.contain('El personal envió un mensaje.');
    expect(text).to.contain(HOSTILE_NAME);
    expect(pwned(el)).to.equal(false);
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')[0]!.click();
    await el.updateComplete;
    expect(deepText(el)).not.to.contain('vestimenta');
  });
});
