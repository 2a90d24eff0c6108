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

  it('says why the picture is paused, in a polite status, and clears it when video is back', async () => {
    const ana = participant({ identity: 'ana', name: 'Ana', videoTrack: canvasTrack() });
    const el = await fixture<VkTile>(html`<vk-tile .participant=${ana}></vk-tile>`);
    const notice = el.shadowRoot!.querySelector('[part="notice"]')!;
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.textContent.trim()).to.equal('');
    const cases = [
      [{ reason: 'weak-connection', by: 'local' }, 'Video paused — weak connection'],
      [{ reason: 'weak-connection', by: 'remote' }, "Video paused — Ana's connection is weak"],
      [{ reason: 'audio-only', by: 'remote' }, 'Audio only (chosen by Ana)'],
      [{ reason: 'audio-only', by: 'local' }, 'Audio only (chosen by you)'],
    ] as const;
    for (const [videoPaused, text] of cases) {
      el.participant = { ...ana, videoPaused };
      await el.updateComplete;
      // The same live region changes its text (a new region would not be announced).
      expect(el.shadowRoot!.querySelector('[part="notice"]')).to.equal(notice);
      expect(notice.textContent.trim()).to.equal(text);
      await expect(el).to.be.accessible();
    }
    el.lang = 'es';
    await el.updateComplete;
    expect(notice.textContent.trim()).to.equal('Solo audio (lo eligió usted)');
    el.participant = ana;
    await el.updateComplete;
    expect(notice.textContent.trim()).to.equal('');
    expect(el.shadowRoot!.querySelector('video')!.hidden).to.equal(false);
  });

  it('tells the local user their own video is paused and why', async () => {
    const me = participant({ identity: 'me', isLocal: true, cameraEnabled: false });
    const el = await fixture<VkTile>(html`<vk-tile
      .participant=${{ ...me, videoPaused: { reason: 'audio-only', by: 'local' } }}
    ></vk-tile>`);
    expect(deepText(el)).to.contain('Audio only: your video is off');
    expect(deepText(el)).not.to.contain('Camera off');
  });

  it('does not call a connection excellent while no sound arrives, and writes weak states out', async () => {
    const ana = participant({ identity: 'ana', quality: 'excellent', audioFlowing: true });
    const el = await fixture<VkTile>(html`<vk-tile .participant=${ana}></vk-tile>`);
    const indicator = () => el.shadowRoot!.querySelector('[part="quality"]')!;
    expect(indicator().getAttribute('aria-label')).to.equal('Excellent connection');
    expect(indicator().getAttribute('data-level')).to.equal('3');
    expect(el.shadowRoot!.querySelector('.quality-text')).to.equal(null);
    el.participant = { ...ana, audioFlowing: false };
    await el.updateComplete;
    expect(indicator().getAttribute('aria-label')).to.equal('No sound arriving');
    expect(indicator().getAttribute('data-level')).to.equal('0');
    expect(el.shadowRoot!.querySelector('.quality-text')!.textContent).to.equal('No sound arriving');
    // A muted microphone is not a stalled one: the core reports `undefined` then.
    el.participant = { ...ana, quality: 'poor', micEnabled: false, audioFlowing: undefined };
    await el.updateComplete;
    expect(indicator().getAttribute('aria-label')).to.equal('Poor connection');
    expect(el.shadowRoot!.querySelector('.quality-text')!.textContent).to.equal('Poor connection');
    await expect(el).to.be.accessible();
  });
});
