import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { buttonByText, deepText } from '../../test-support/dom.js';
import './vk-end-screen.js';
import type { VkEndScreen } from './vk-end-screen.component.js';

const info = (reason: 'network' | 'duplicate-session' | 'removed') => ({
  reason,
  liveDurationMs: 3_600_000 + 60_000,
  endedAt: new Date(),
});

describe('<vk-end-screen>', () => {
  it('says why in plain words and how long', async () => {
    const el = await fixture<VkEndScreen>(
      html`<vk-end-screen .info=${info('network')}><p>Call us.</p></vk-end-screen>`,
    );
    expect(deepText(el)).to.contain('The connection was lost and could not be restored.');
    expect(deepText(el)).to.contain('Duration: 1 hour 1 minute');
    expect(deepText(el)).to.contain('Call us.');
    await expect(el).to.be.accessible();
    el.info = info('duplicate-session');
    el.lang = 'es';
    await el.updateComplete;
    expect(deepText(el)).to.contain('Usted entró a esta visita desde otro dispositivo o pestaña.');
  });

  it('rates with the keyboard and sends the rating', async () => {
    const el = await fixture<VkEndScreen>(html`<vk-end-screen .info=${info('removed')}></vk-end-screen>`);
    const send = buttonByText(el, 'Send');
    expect(send.disabled).to.equal(true);
    el.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"]')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(send.disabled).to.equal(false);
    const feedback = oneEvent(el, 'vk-feedback');
    send.click();
    expect((await feedback).detail).to.deep.equal({ rating: 3, problem: undefined, reason: 'removed' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('Thank you');
  });
});
