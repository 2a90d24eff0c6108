import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { deepActive } from '../../test-support/dom.js';
import './vk-adult-gate.js';
import type { VkAdultGate } from './vk-adult-gate.component.js';

const HOLD_MS = 800;

async function mount(): Promise<{ gate: VkAdultGate; unlocks: string[] }> {
  const gate = await fixture<VkAdultGate>(html`<vk-adult-gate hold-ms=${HOLD_MS} lang="en"></vk-adult-gate>`);
  const unlocks: string[] = [];
  gate.addEventListener('vk-adult-unlock', (e) => unlocks.push(e.detail.method));
  return { gate, unlocks };
}

function button(gate: VkAdultGate): HTMLButtonElement {
  return gate.shadowRoot!.querySelector<HTMLButtonElement>('button.gate')!;
}

/** The centre of the gate button in page coordinates (for real mouse input). */
function centre(gate: VkAdultGate): [number, number] {
  const box = button(gate).getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}

/** Waits longer than a hold: what must not unlock has had every chance to. */
const longerThanAHold = () => new Promise((resolve) => setTimeout(resolve, HOLD_MS * 2));

function pointer(type: string, id: number, x: number, y: number): PointerEvent {
  return new PointerEvent(type, {
    pointerId: id,
    clientX: x,
    clientY: y,
    button: 0,
    bubbles: true,
    composed: true,
    isPrimary: id === 1,
  });
}

describe('<vk-adult-gate>', () => {
  it('is a named, described button and passes axe', async () => {
    const { gate } = await mount();
    const b = button(gate);
    expect(b.getAttribute('aria-label')).to.equal('Adult controls');
    const help = gate.shadowRoot!.getElementById(b.getAttribute('aria-describedby')!)!;
    expect(help.textContent).to.contain('Press and hold for 2 seconds');
    await expect(gate).to.be.accessible();
  });

  it('opens on a real press-and-hold of the mouse, and the ring shows progress while holding', async () => {
    const { gate, unlocks } = await mount();
    const [x, y] = centre(gate);
    await sendMouse({ type: 'move', position: [x, y] });
    const unlocked = oneEvent(gate, 'vk-adult-unlock');
    await sendMouse({ type: 'down' });
    await gate.updateComplete;
    expect(button(gate).hasAttribute('data-holding')).to.equal(true);
    await unlocked;
    await sendMouse({ type: 'up' });
    expect(unlocks).to.deep.equal(['hold']);
  });

  it('never opens on taps, however many, nor when the finger slides away or a second finger lands', async () => {
    const { gate, unlocks } = await mount();
    const [x, y] = centre(gate);
    for (let i = 0; i < 40; i++) {
      await sendMouse({ type: 'move', position: [x, y] });
      await sendMouse({ type: 'down' });
      await sendMouse({ type: 'up' });
    }
    // Lifting the finger ends the hold: nothing completes afterwards.
    await gate.updateComplete;
    expect(button(gate).hasAttribute('data-holding')).to.equal(false);
    await longerThanAHold();
    expect(unlocks).to.deep.equal([]);
    // Slide away: the hold is cancelled at once (the ring empties) and never completes.
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [x + 120, y + 120] });
    await gate.updateComplete;
    expect(button(gate).hasAttribute('data-holding')).to.equal(false);
    await longerThanAHold();
    await sendMouse({ type: 'up' });
    // Two fingers: the second one cancels the first one's hold.
    const b = button(gate);
    b.dispatchEvent(pointer('pointerdown', 1, x, y));
    b.dispatchEvent(pointer('pointerdown', 2, x + 5, y));
    await gate.updateComplete;
    expect(b.hasAttribute('data-holding')).to.equal(false);
    await longerThanAHold();
    b.dispatchEvent(pointer('pointerup', 2, x, y));
    b.dispatchEvent(pointer('pointerup', 1, x, y));
    expect(unlocks).to.deep.equal([]);
  });

  it('opens when Enter is held, and another key pressed during the hold cancels it', async () => {
    const { gate, unlocks } = await mount();
    button(gate).focus();
    await sendKeys({ down: 'Enter' });
    await sendKeys({ press: 'a' });
    await gate.updateComplete;
    expect(button(gate).hasAttribute('data-holding')).to.equal(false);
    await longerThanAHold();
    await sendKeys({ up: 'Enter' });
    expect(unlocks).to.deep.equal([]);
    expect(gate.shadowRoot!.querySelector('form') === null, 'no code step').to.equal(true);
    button(gate).focus();
    const unlocked = oneEvent(gate, 'vk-adult-unlock');
    await sendKeys({ down: 'Space' });
    await unlocked;
    await sendKeys({ up: 'Space' });
    expect(unlocks).to.deep.equal(['hold']);
  });

  it('offers a typed code after a short key press or a screen-reader activation; a wrong code gets a new one', async () => {
    const { gate, unlocks } = await mount();
    button(gate).focus();
    await sendKeys({ press: 'Enter' });
    await gate.updateComplete;
    const input = () => gate.shadowRoot!.querySelector<HTMLInputElement>('#code')!;
    const code = () => gate.shadowRoot!.querySelector('label[for="code"]')!.textContent.replace(/\D/g, '');
    expect(input()).to.exist;
    await new Promise((r) => requestAnimationFrame(r));
    expect(deepActive() === input(), 'the code field has focus').to.equal(true);
    await expect(gate).to.be.accessible();
    const first = code();
    const wrong = first === '000' ? '111' : '000';
    await sendKeys({ type: wrong });
    await sendKeys({ press: 'Enter' });
    await gate.updateComplete;
    expect(unlocks).to.deep.equal([]);
    expect(gate.shadowRoot!.textContent).to.contain('That was not the code');
    expect(input().value).to.equal('');
    await sendKeys({ type: code() });
    await sendKeys({ press: 'Enter' });
    expect(unlocks).to.deep.equal(['code']);
    // Assistive technology activates a button with a click that has no pointer (detail 0).
    await gate.updateComplete;
    button(gate).click();
    await gate.updateComplete;
    expect(input()).to.exist;
  });
});
