import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { resetChime } from '../../internal/chime.js';
import type { WakeLockApi, WakeLockSentinelLike } from '../../internal/wake-lock.js';
import { deepActive, deepQuery, deepQueryAll, deepText, settle, until } from '../../test-support/dom.js';
import { canvasTrack, FakeVisitClient, participant, sampleVisit } from '../../test-support/fake-visit-client.js';
import './vk-visit.js';
import type { VkVisit } from './vk-visit.component.js';

/**
 * Whether nothing matches `selector`. Compared as a boolean: a failing assertion on an element makes the test
 * runner serialise the element (and the client behind it), which hangs the run instead of failing it.
 */
const absent = (root: Element, selector: string) => deepQuery(root, selector) === null;

/** What a child can break: these client calls must never come from random input. */
const HARMFUL = ['leave', 'setMicrophoneEnabled', 'setCameraEnabled', 'switchDevice'];

function liveClient(): FakeVisitClient {
  const client = new FakeVisitClient();
  client.setVisit(sampleVisit());
  client.timeLeftMs = 25 * 60_000;
  client.setParticipants([
    participant({ identity: 'me', name: 'Ana', isLocal: true, videoTrack: canvasTrack('#22c55e') }),
    participant({ identity: 'james', name: 'James', role: 'resident', videoTrack: canvasTrack() }),
  ]);
  client.state = 'live';
  return client;
}

class FakeSentinel extends EventTarget implements WakeLockSentinelLike {
  released = false;
  async release(): Promise<void> {
    this.released = true;
    this.dispatchEvent(new Event('release'));
  }
}

async function mount(client: FakeVisitClient, wakeLock?: () => WakeLockApi | undefined): Promise<VkVisit> {
  const el = await fixture<VkVisit>(html`<vk-visit
    child-mode
    lang="en"
    adult-timeout="2"
    style="--vk-max-height: 600px; width: 800px"
    .client=${client}
    .wakeLockApi=${wakeLock ?? (() => undefined)}
  ></vk-visit>`);
  await settle(el);
  return el;
}

/** A small seeded generator (mulberry32): a failing run can be replayed with the same seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'Enter',
  'Space',
  'Escape',
  'Tab',
  'm',
  'c',
  'l',
  'ArrowDown',
  'ArrowUp',
  'Backspace',
  '1',
  'k',
  'Shift',
  ' ',
];

describe('<vk-visit child-mode>', () => {
  it('shows the other party full size, no control a child can use, and passes axe', async () => {
    const el = await mount(liveClient());
    expect(absent(el, 'vk-controls'), 'no vk-controls').to.equal(true);
    expect(absent(el, 'vk-timer'), 'no vk-timer').to.equal(true);
    const stage = deepQuery(el, 'vk-stage')!;
    expect(stage.hasAttribute('child-mode')).to.equal(true);
    expect(deepQueryAll(el, 'vk-tile[no-caption]')).to.have.length(2);
    // The remote video fills the stage area (cover), not a letterboxed strip.
    const remote = deepQuery(stage, 'vk-tile:not(.self)')!.getBoundingClientRect();
    const area = deepQuery(el, '.child-area')!.getBoundingClientRect();
    // The call takes the height it is given (600px here, less the notice and padding), not just what 16:9 needs.
    expect(area.height).to.be.greaterThan(450);
    expect(remote.height).to.be.greaterThan(area.height * 0.9);
    expect(remote.width).to.be.greaterThan(area.width * 0.9);
    expect(deepQuery(el, 'vk-adult-gate')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('survives a seeded storm of taps, swipes and key presses: still live, nothing muted, nothing left', async () => {
    const client = liveClient();
    const el = await mount(client);
    const next = random(17);
    const box = el.getBoundingClientRect();
    const at = (): [number, number] => [
      Math.round(box.left + 2 + next() * (box.width - 4)),
      Math.round(box.top + 2 + next() * (box.height - 4)),
    ];
    for (let i = 0; i < 150; i++) {
      const kind = next();
      if (kind < 0.5) {
        await sendMouse({ type: 'click', position: at() });
      } else if (kind < 0.7) {
        await sendMouse({ type: 'move', position: at() });
        await sendMouse({ type: 'down' });
        await sendMouse({ type: 'move', position: at() });
        await sendMouse({ type: 'up' });
      } else {
        await sendKeys({ press: KEYS[Math.floor(next() * KEYS.length)]! });
      }
    }
    await settle(el);
    expect(client.calls.map((c) => c.method).filter((m) => HARMFUL.includes(m))).to.deep.equal([]);
    expect(client.state).to.equal('live');
    expect(el.screen).to.equal('live');
    expect(absent(el, 'vk-controls'), 'no vk-controls').to.equal(true);
  });

  it('opens the adult controls by holding Enter on the gate, leaves with confirmation, and passes axe open', async () => {
    const client = liveClient();
    const el = await mount(client);
    // The keyboard path: Tab reaches the gate.
    for (let i = 0; i < 6 && deepActive()?.getAttribute('aria-label') !== 'Adult controls'; i++) {
      await sendKeys({ press: 'Tab' });
    }
    expect(deepActive()?.getAttribute('aria-label')).to.equal('Adult controls');
    await sendKeys({ down: 'Enter' });
    await until(() => deepQuery(el, '[part="adult-controls"]') !== null, 'the adult controls open');
    await sendKeys({ up: 'Enter' });
    await settle(el);
    expect(deepActive()?.textContent).to.contain('Adult controls');
    expect(deepText(el)).to.contain('left');
    await expect(el).to.be.accessible();
    const leave = deepQueryAll<HTMLButtonElement>(el, 'button').find((b) => b.textContent?.includes('Leave visit'))!;
    leave.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const dialog = deepQuery<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.equal(true);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    expect(client.calls.at(-1)).to.deep.equal({ method: 'leave' });
  });

  it('keeps Leave behind the gate in the waiting room too', async () => {
    const client = liveClient();
    client.state = 'lobby';
    client.lobbyReason = 'waiting-for-party';
    const el = await mount(client);
    expect(el.screen).to.equal('lobby');
    expect(absent(el, 'vk-controls'), 'no vk-controls').to.equal(true);
    expect(deepQuery(el, 'vk-adult-gate')).to.exist;
    expect(deepText(el)).to.contain('Waiting room');
    await expect(el).to.be.accessible();
  });

  it('goes full screen from the adult controls, and back', async () => {
    const el = await mount(liveClient());
    deepQuery(el, 'vk-adult-gate')!.dispatchEvent(
      new CustomEvent('vk-adult-unlock', { detail: { method: 'hold' }, bubbles: true, composed: true }),
    );
    await settle(el);
    const button = () =>
      deepQueryAll<HTMLButtonElement>(el, 'button').find((b) => /full screen/i.test(b.textContent ?? ''))!;
    const box = button().getBoundingClientRect();
    // A real click: browsers allow full screen only on a user gesture.
    await sendMouse({
      type: 'click',
      position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
    });
    await until(() => document.fullscreenElement === el, 'the widget is full screen');
    // The label follows the browser's fullscreenchange event (it can also be left with Esc).
    await until(() => button().textContent?.trim() === 'Exit full screen', 'the button offers to exit');
    await document.exitFullscreen();
    await until(() => document.fullscreenElement === null, 'back from full screen');
    await until(() => button().textContent?.trim() === 'Full screen', 'the button offers full screen again');
  });

  it('hides the adult controls again after the idle time, and offers hiding the self view', async () => {
    const el = await mount(liveClient());
    deepQuery(el, 'vk-adult-gate')!.dispatchEvent(
      new CustomEvent('vk-adult-unlock', { detail: { method: 'hold' }, bubbles: true, composed: true }),
    );
    await settle(el);
    const hideSelf = deepQueryAll<HTMLButtonElement>(el, 'button').find((b) =>
      b.textContent?.includes('Hide my picture'),
    )!;
    hideSelf.click();
    await settle(el);
    expect(el.hideSelfView).to.equal(true);
    expect(absent(el, 'vk-tile.self'), 'no vk-tile.self').to.equal(true);
    await until(() => deepQuery(el, '[part="adult-controls"]') === null, 'the controls hide by themselves', 10_000);
    expect(deepQuery(el, 'vk-adult-gate')).to.exist;
  });

  it('gives time warnings a sound cue and a large visual, and ends with a friendly goodbye', async () => {
    const notes: number[] = [];
    const original = window.AudioContext;
    class RecordingAudioContext extends original {
      override createOscillator(): OscillatorNode {
        const osc = super.createOscillator();
        queueMicrotask(() => notes.push(osc.frequency.value));
        return osc;
      }
    }
    window.AudioContext = RecordingAudioContext;
    resetChime();
    try {
      const client = liveClient();
      const el = await mount(client);
      client.emit('warning', { secondsLeft: 300, source: 'server' });
      await settle(el);
      const banner = deepQuery(el, '[part="child-warning"]')!;
      expect(banner.getAttribute('role')).to.equal('alert');
      expect(deepText(banner)).to.equal('5 minutes left in the visit');
      await until(() => notes.length === 2, 'the two-note cue is played');
      const ended = oneEvent(el, 'vk-ended');
      client.end({ reason: 'time-limit', liveDurationMs: 60_000 });
      await ended;
      await settle(el);
      const end = deepQuery(el, 'vk-end-screen')!;
      expect(end.hasAttribute('child-mode')).to.equal(true);
      expect(deepText(end)).to.contain('Bye-bye! See you soon');
      await expect(el).to.be.accessible();
    } finally {
      window.AudioContext = original;
      resetChime();
    }
  });

  it('keeps the screen on while live, lets go at the end, and warns on the getting-ready screen where it cannot', async () => {
    const sentinels: FakeSentinel[] = [];
    const api: WakeLockApi = {
      async request() {
        const s = new FakeSentinel();
        sentinels.push(s);
        return s;
      },
    };
    const client = liveClient();
    const el = await mount(client, () => api);
    await until(() => el.wakeLockHeld, 'the wake lock is held while live');
    client.end({ reason: 'left' });
    await settle(el);
    await until(() => !el.wakeLockHeld && sentinels.every((s) => s.released), 'released after the end');

    const prejoin = await mount(new FakeVisitClient(), () => undefined);
    expect(deepText(prejoin)).to.contain('Your screen may dim');
    expect(deepQuery(prejoin, '[part="dim-hint"]')).to.exist;
    const supported = await mount(new FakeVisitClient(), () => api);
    expect(absent(supported, '[part="dim-hint"]'), 'no [part="dim-hint"]').to.equal(true);
  });
});
