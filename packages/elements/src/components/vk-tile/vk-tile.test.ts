import { expect, fixture, html } from '@open-wc/testing';
import { deepText, HOSTILE_NAME, pwned } from '../../test-support/dom.js';
import { canvasTrack, participant } from '../../test-support/fake-visit-client.js';
import './vk-tile.js';
import type { VkTile } from './vk-tile.component.js';

describe('<vk-tile>', () => {
  it('plays the video and shows name, mic state and connection quality as text', async () => {
    const track = canvasTrack();
    const el = await fixture<VkTile>(html`<vk-tile
      .participant=${participant({
        identity: 'r',
        name: HOSTILE_NAME,
        micEnabled: false,
        quality: 'poor',
        videoTrack: track,
      })}
    ></vk-tile>`);
    const video = el.shadowRoot!.querySelector('video')!;
    expect((video.srcObject as MediaStream).getVideoTracks()[0]).to.equal(track.mediaStreamTrack);
    expect(deepText(el)).to.contain(HOSTILE_NAME);
    expect(deepText(el)).to.contain('Microphone off');
    expect(el.shadowRoot!.querySelector('[part="quality"]')!.getAttribute('aria-label')).to.equal('Poor connection');
    expect(pwned(el)).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('shows "Camera off" instead of a frozen frame and detaches the track', async () => {
    const track = canvasTrack();
    const p = participant({ identity: 'r', videoTrack: track });
    const el = await fixture<VkTile>(html`<vk-tile .participant=${p}></vk-tile>`);
    el.participant = { ...p, cameraEnabled: false };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('video')!.srcObject).to.equal(null);
    expect(deepText(el)).to.contain('Camera off');
  });

  it('mirrors and silences the local tile and labels it "You"', async () => {
    const el = await fixture<VkTile>(html`<vk-tile
      .participant=${participant({ identity: 'me', name: 'Ana', isLocal: true, videoTrack: canvasTrack() })}
    ></vk-tile>`);
    expect(el.hasAttribute('local')).to.equal(true);
    expect(el.shadowRoot!.querySelector('audio')).to.equal(null);
    expect(deepText(el)).to.contain('You');
    el.lang = 'es';
    await el.updateComplete;
    expect(deepText(el)).to.contain('Usted');
  });
});
