import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { FakeVisitClient, participant, sampleVisit, visitError, canvasTrack } from '../../test-support/fake-visit-client.js';
import type { VisitClientInit } from '../../visit-client-like.js';
import './vk-visit.js';
import type { VkVisit } from './vk-visit.component.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** Text of the element and every shadow root below it, whitespace collapsed. */
function deepText(node: Node): string {
  let text = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) text += n.textContent ?? '';
    if (n instanceof Element && n.shadowRoot) n.shadowRoot.childNodes.forEach(walk);
    if (n instanceof HTMLSlotElement) n.assignedNodes({ flatten: true }).forEach(walk);
    else n.childNodes.forEach(walk);
  };
  walk(node);
  return text.replace(/\s+/g, ' ').trim();
}

/** First element matching `selector` in the element's shadow tree (searching nested shadow roots). */
function deepQuery<T extends Element>(root: Element | ShadowRoot, selector: string): T | null {
  const scope = root instanceof Element ? (root.shadowRoot ?? root) : root;
  const direct = scope.querySelector<T>(selector);
  if (direct) return direct;
  for (const el of scope.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const found = deepQuery<T>(el.shadowRoot, selector);
      if (found) return found;
    }
  }
  return null;
}

/** Deepest focused element through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function settle(el: VkVisit): Promise<void> {
  // Two rounds: the widget, then the parts it renders.
  for (let i = 0; i < 3; i++) {
    await el.updateComplete;
    const parts = [...(el.shadowRoot?.querySelectorAll('*') ?? [])].filter(
      (n): n is HTMLElement & { updateComplete: Promise<unknown> } => 'updateComplete' in n,
    );
    await Promise.all(parts.map((p) => p.updateComplete));
  }
}

async function mount(client: FakeVisitClient, attrs: { lang?: string; kiosk?: boolean } = {}): Promise<VkVisit> {
  const el = await fixture<VkVisit>(html`<vk-visit
    .client=${client}
    lang=${attrs.lang ?? 'en'}
    ?kiosk=${attrs.kiosk ?? false}
  >
    <span slot="brand">County Visits</span>
  </vk-visit>`);
  await settle(el);
  return el;
}

function liveClient(): FakeVisitClient {
  const client = new FakeVisitClient();
  client.setVisit(sampleVisit());
  client.timeLeftMs = 25 * 60_000;
  client.setParticipants([
    participant({ identity: 'me', name: 'Ana', isLocal: true, role: 'visitor', videoTrack: canvasTrack('#22c55e') }),
    participant({ identity: 'res-1', name: 'Luis', role: 'resident', videoTrack: canvasTrack(), quality: 'excellent' }),
  ]);
  client.state = 'live';
  return client;
}

describe('<vk-visit>', () => {
  it('starts on the getting-ready screen and turns the camera on when asked', async () => {
    const client = new FakeVisitClient();
    const el = await mount(client);
    expect(el.screen).to.equal('prejoin');
    expect(deepText(el)).to.contain('Get ready for your visit');
    await expect(el).to.be.accessible();
    deepQuery<HTMLButtonElement>(el, '[part="start-button"]')!.click();
    await settle(el);
    expect(client.calls[0]).to.deep.equal({ method: 'startPreview' });
    expect(deepQuery<HTMLVideoElement>(deepQuery(el, 'vk-prejoin')!, 'video')?.srcObject).to.be.instanceOf(MediaStream);
    expect(deepText(el)).to.contain('Connection looks good');
    await expect(el).to.be.accessible();
  });

  it('can be joined with the keyboard only', async () => {
    const client = new FakeVisitClient();
    const el = await mount(client);
    await client.startPreview();
    await settle(el);
    const join = deepQuery<HTMLButtonElement>(el, '[part="join-button"]')!;
    join.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(client.calls.some((c) => c.method === 'join')).to.equal(true);
    expect(el.screen).to.equal('connecting');
    // Focus follows the screen change instead of being lost with the Join button.
    expect(deepActive()?.textContent).to.contain('Connecting to your visit');
  });

  it('shows the live visit: remote video large, self view, names as text, notice, timer', async () => {
    const client = liveClient();
    client.setParticipants([
      participant({ identity: 'me', name: HOSTILE, isLocal: true, videoTrack: canvasTrack() }),
      participant({ identity: 'res-1', name: HOSTILE, role: 'resident', videoTrack: canvasTrack() }),
    ]);
    const el = await mount(client);
    expect(el.screen).to.equal('live');
    const text = deepText(el);
    expect(text).to.contain(HOSTILE);
    expect(deepQuery(el, 'img')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(text).to.contain('This visit is monitored and recorded.');
    expect(text).to.contain('25:00 left');
    await expect(el).to.be.accessible();
  });
});
