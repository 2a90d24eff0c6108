import { expect, fixture, html } from '@open-wc/testing';
import { deepText } from '../../test-support/dom.js';
import { FakeVisitClient, participant, sampleVisit } from '../../test-support/fake-visit-client.js';
import './vk-e2ee-badge.js';
import type { VkE2eeBadge } from './vk-e2ee-badge.component.js';

async function liveBadge(lang = 'en'): Promise<{ el: VkE2eeBadge; client: FakeVisitClient }> {
  const client = new FakeVisitClient();
  const el = await fixture<VkE2eeBadge>(html`<vk-e2ee-badge lang=${lang} .client=${client}></vk-e2ee-badge>`);
  client.setVisit(sampleVisit({ kind: 'privileged', monitored: false, recorded: false }));
  // The way the real client gets there: prejoin → connecting → live.
  client.setState('prejoin');
  client.setState('connecting');
  client.setState('live');
  return { el, client };
}

describe('<vk-e2ee-badge>', () => {
  it('shows "End-to-end encrypted" only once every participant publishes encrypted tracks', async () => {
    const { el, client } = await liveBadge();
    const me = participant({ identity: 'att', role: 'attorney', isLocal: true, e2ee: 'encrypted' });
    client.setParticipants([me, participant({ identity: 'res', role: 'resident', e2ee: 'no-tracks' })]);
    await el.updateComplete;
    expect(el.status).to.equal('none');
    expect(el.hasAttribute('data-empty')).to.equal(true);
    client.setParticipants([me, participant({ identity: 'res', role: 'resident', e2ee: 'encrypted' })]);
    await el.updateComplete;
    expect(deepText(el)).to.contain('End-to-end encrypted');
    expect(el.shadowRoot!.querySelector('[role="status"] [part="badge"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it("turns into a warning when a participant's tracks stop being encrypted", async () => {
    const { el, client } = await liveBadge('es');
    const me = participant({ identity: 'att', role: 'attorney', isLocal: true, e2ee: 'encrypted' });
    client.setParticipants([me, participant({ identity: 'res', role: 'resident', e2ee: 'encrypted' })]);
    await el.updateComplete;
    expect(deepText(el)).to.contain('Cifrada de extremo a extremo');
    client.setParticipants([me, participant({ identity: 'res', role: 'resident', e2ee: 'not-encrypted' })]);
    await el.updateComplete;
    expect(el.status).to.equal('warning');
    expect(deepText(el)).to.contain('no todo en esta visita está cifrado');
    expect(el.shadowRoot!.querySelector('[role="status"] [part="warning"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('says nothing on a social visit, even with encrypted tracks', async () => {
    const { el, client } = await liveBadge();
    client.setVisit(sampleVisit({ kind: 'social' }));
    client.setParticipants([
      participant({ identity: 'res', role: 'resident', isLocal: true, e2ee: 'encrypted' }),
      participant({ identity: 'fam', e2ee: 'encrypted' }),
    ]);
    await el.updateComplete;
    expect(el.status).to.equal('none');
    expect(deepText(el)).to.equal('');
  });
});
