import { expect, fixture, html } from '@open-wc/testing';
import { buttonByText, deepText } from '../../test-support/dom.js';
import { canvasTrack, FakeVisitClient, participant } from '../../test-support/fake-visit-client.js';
import './vk-stage.js';
import type { VkStage } from './vk-stage.component.js';

describe('<vk-stage>', () => {
  it('says when no one else is there yet and shows the self view', async () => {
    const client = new FakeVisitClient();
    client.setParticipants([participant({ identity: 'me', isLocal: true, videoTrack: canvasTrack() })]);
    const el = await fixture<VkStage>(html`<vk-stage .client=${client}></vk-stage>`);
    expect(deepText(el)).to.contain('No one else is here yet.');
    expect(el.shadowRoot!.querySelectorAll('vk-tile.self')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('caps the remote tiles at four', async () => {
    const client = new FakeVisitClient();
    client.setParticipants(Array.from({ length: 6 }, (_, i) => participant({ identity: `p${i}` })));
    const el = await fixture<VkStage>(html`<vk-stage .client=${client}></vk-stage>`);
    expect(el.shadowRoot!.querySelectorAll('vk-tile')).to.have.length(4);
  });

  it('offers "Turn on sound" when the browser blocks audio', async () => {
    const client = new FakeVisitClient();
    client.audioPlaybackAllowed = false;
    const el = await fixture<VkStage>(html`<vk-stage .client=${client}></vk-stage>`);
    await expect(el).to.be.accessible();
    buttonByText(el, 'Turn on sound').click();
    await el.updateComplete;
    expect(client.calls).to.deep.equal([{ method: 'startAudio' }]);
    expect(deepText(el)).not.to.contain('Turn on sound');
  });

  it('shows no self view to a monitor', async () => {
    const client = new FakeVisitClient();
    client.role = 'monitor';
    client.setParticipants([
      participant({ identity: 'me', isLocal: true, role: 'monitor' }),
      participant({ identity: 'r', role: 'resident' }),
    ]);
    const el = await fixture<VkStage>(html`<vk-stage .client=${client}></vk-stage>`);
    expect(el.shadowRoot!.querySelectorAll('vk-tile')).to.have.length(1);
  });
});
