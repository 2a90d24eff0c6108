import { expect, fixture, html } from '@open-wc/testing';
import { buttonByText, deepQueryAll, deepText, settle } from '../../test-support/dom.js';
import { canvasTrack, FakeVisitClient, participant } from '../../test-support/fake-visit-client.js';
import type { VisitParticipant } from '@visitkit/core';
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

  describe('layout from a 320 px phone up', () => {
    type Box = DOMRect;
    const overlap = (a: Box, b: Box) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    const inside = (a: Box, b: Box) =>
      a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;

    function people(remote: number): VisitParticipant[] {
      return [
        participant({ identity: 'me', name: 'Ana', isLocal: true, videoTrack: canvasTrack('#22c55e') }),
        ...Array.from({ length: remote }, (_, i) =>
          participant({
            identity: `p-${i}`,
            name: i === 0 ? 'James Carter' : `Person ${i}`,
            videoTrack: canvasTrack(),
          }),
        ),
      ];
    }

    for (const [lang, kiosk] of [
      ['en', false],
      ['es', false],
      ['es', true],
    ] as const) {
      for (const remote of [0, 1, 2, 4]) {
        const what = `${lang}${kiosk ? ' kiosk' : ''}, ${remote} remote`;
        it(`${what}: names and badges never cover each other, are not cut, and stay in their tile`, async () => {
          const client = new FakeVisitClient();
          client.setParticipants(people(remote));
          const wrap = await fixture<HTMLDivElement>(
            html`<div style="width: 320px"><vk-stage lang=${lang} ?kiosk=${kiosk} .client=${client}></vk-stage></div>`,
          );
          const stage = wrap.querySelector('vk-stage')!;
          // Kiosks are facility screens; their larger type is checked from a large phone up.
          for (const width of kiosk ? [390, 768, 1280] : [320, 390, 768, 1280]) {
            wrap.style.width = `${width}px`;
            await settle(stage);
            const where = `${width}px`;
            const stageBox = stage.getBoundingClientRect();
            const tiles = deepQueryAll(stage, 'vk-tile');
            const self = tiles.find((t) => t.classList.contains('self'));
            const badges: Array<{ el: HTMLElement; box: Box; tile: Element }> = [];
            for (const tile of tiles) {
              const tileBox = tile.getBoundingClientRect();
              expect(inside(tileBox, stageBox), `${where}: tile inside the stage`).to.equal(true);
              for (const badge of tile.shadowRoot!.querySelectorAll<HTMLElement>('.caption > *')) {
                const box = badge.getBoundingClientRect();
                const label = `${where} ${badge.textContent?.trim() || badge.getAttribute('part')}`;
                expect(box.width, label).to.be.greaterThan(0);
                expect(inside(box, tileBox), `${label}: inside its tile`).to.equal(true);
                // Short names ("You", "James Carter") are never cut; only very long ones end in "…".
                expect(badge.scrollWidth, `${label}: text fits its badge`).to.be.at.most(badge.clientWidth + 1);
                expect(badge.scrollHeight, `${label}: on one line`).to.be.at.most(badge.clientHeight + 1);
                if (self && tile !== self) {
                  expect(overlap(box, self.getBoundingClientRect()), `${label}: clear of the self view`).to.equal(
                    false,
                  );
                }
                badges.push({ el: badge, box, tile });
              }
            }
            for (const a of badges) {
              for (const b of badges) {
                if (a !== b)
                  expect(overlap(a.box, b.box), `${where}: ${a.el.textContent} / ${b.el.textContent}`).to.equal(false);
              }
            }
          }
          await expect(stage).to.be.accessible();
        });
      }
    }

    it('fits a box of limited height: the videos shrink instead of overflowing', async () => {
      for (const [remote, ratio] of [
        [1, 16 / 9],
        [2, 16 / 9],
        [4, 16 / 9],
        [1, 4 / 3],
        [2, 4 / 3],
      ] as const) {
        const client = new FakeVisitClient();
        client.setParticipants(people(remote));
        const wrap = await fixture<HTMLDivElement>(
          html`<div
            style="width: 900px; height: 260px; display: flex; flex-direction: column; --vk-tile-aspect-ratio: ${ratio}"
          >
            <vk-stage style="flex: 1 1 auto" .client=${client}></vk-stage>
          </div>`,
        );
        const stage = wrap.querySelector('vk-stage')!;
        await settle(stage);
        const box = wrap.getBoundingClientRect();
        for (const tile of deepQueryAll(stage, 'vk-tile')) {
          const t = tile.getBoundingClientRect();
          expect(inside(t, box), `${remote} remote: tile inside the 260 px box`).to.equal(true);
          if (!tile.classList.contains('self')) expect(t.width / t.height).to.be.closeTo(ratio, 0.05);
        }
      }
    });
  });
});
