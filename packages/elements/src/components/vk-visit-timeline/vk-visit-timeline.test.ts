import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { Ledger } from '@visitkit/core/protocol';
import { deepText, HOSTILE_NAME, pwned } from '../../test-support/dom.js';
import './vk-visit-timeline.js';
import type { VkVisitTimeline } from './vk-visit-timeline.component.js';

const at = (hms: string) => `2026-03-02T${hms}.000Z`;

/**
 * A 10:00–10:10 visit: Maria waits from 09:58, James joins at 10:00:30, an officer monitors 10:01–10:03 and
 * warns at 10:02, the server reminds them at 10:05 that 5 minutes are left, Maria leaves at 10:06, James at 10:06:30.
 * Billed 10:00:30–10:06:00 (330 s).
 */
function sampleLedger(): Ledger {
  return {
    visitId: 'v-1',
    participants: [
      {
        identity: 'maria',
        name: 'Maria Lopez',
        role: 'visitor',
        intervals: [{ joinedAt: at('09:58:00'), leftAt: at('10:06:00') }],
        connectedSeconds: 480,
        consents: [],
      },
      {
        identity: 'james',
        name: 'James Carter',
        role: 'resident',
        intervals: [{ joinedAt: at('10:00:30'), leftAt: at('10:06:30') }],
        connectedSeconds: 360,
        consents: [],
      },
      {
        identity: 'officer',
        name: 'Officer Diaz',
        role: 'monitor',
        intervals: [{ joinedAt: at('10:01:00'), leftAt: at('10:03:00') }],
        connectedSeconds: 120,
        consents: [],
      },
    ],
    billableSeconds: 330,
    bothConnectedSeconds: 330,
    unbilled: [
      { from: at('09:58:00'), to: at('10:00:00'), seconds: 120, reason: 'before-start' },
      { from: at('10:00:00'), to: at('10:00:30'), seconds: 30, reason: 'one-party-only' },
      { from: at('10:06:00'), to: at('10:06:30'), seconds: 30, reason: 'one-party-only' },
    ],
    firstJoinedAt: at('09:58:00'),
    end: { cause: 'user', at: at('10:06:30'), identity: 'james' },
    staffActions: [{ at: at('10:02:00'), action: 'warn', staff: 'officer', detail: 'Please keep your voices down.' }],
    timeWarnings: [{ at: at('10:05:00'), secondsLeft: 300 }],
    eventCount: 10,
  };
}

async function mount(ledger: unknown, attrs: { lang?: string; dir?: string } = {}) {
  const el = await fixture<VkVisitTimeline>(html`<vk-visit-timeline
    lang=${attrs.lang ?? 'en'}
    dir=${attrs.dir ?? 'ltr'}
    time-zone="UTC"
    .ledger=${ledger}
  ></vk-visit-timeline>`);
  await el.updateComplete;
  return el;
}

const root = (el: VkVisitTimeline) => el.shadowRoot!;

/** Offset of `part` from the start edge of its lane, and its size, as fractions of the lane. */
function geometry(el: VkVisitTimeline, part: string) {
  const bar = root(el).querySelector(`[part="${part}"]`)!.getBoundingClientRect();
  const lane = root(el).querySelector(`[part="${part}"]`)!.parentElement!.getBoundingClientRect();
  const fromStart = el.matches(':dir(rtl)') ? lane.right - bar.right : bar.left - lane.left;
  return { start: fromStart / lane.width, size: bar.width / lane.width };
}

describe('<vk-visit-timeline>', () => {
  it('draws each participant, the billed and unbilled stretches and the marks, with a table alternative', async () => {
    const el = await mount(sampleLedger());
    const summary = [...root(el).querySelectorAll('[part="summary"] div')].map((d) =>
      [...d.children].map((c) => c.textContent),
    );
    expect(summary).to.deep.equal([
      ['Billed', '5 minutes 30 seconds'],
      ['Not billed', '3 minutes'],
      ['Ended', 'The visit ended when James Carter left'],
    ]);
    expect(root(el).querySelectorAll('[part="interval"]')).to.have.length(3);
    expect(root(el).querySelectorAll('[part="unbilled"]')).to.have.length(3);
    // 09:58:00–10:06:30 is 510 s; billed starts 150 s in and lasts 330 s.
    const billed = geometry(el, 'billed');
    expect(billed.start).to.be.closeTo(150 / 510, 0.01);
    expect(billed.size).to.be.closeTo(330 / 510, 0.01);
    expect(
      [...root(el).querySelectorAll('[part="mark"]')].map((m) => m.className.replace('mark', '').trim()),
    ).to.deep.equal(['warning', 'reminder', 'end']);
    expect(root(el).querySelector('[part="chart"]')!.getAttribute('aria-hidden')).to.equal('true');

    const rows = [...root(el).querySelectorAll('tbody tr')].map((tr) => tr.textContent.replace(/\s+/g, ' ').trim());
    expect(rows).to.deep.equal([
      '9:58:00 AM – 10:06:00 AM Maria Lopez (Visitor) was connected 8 minutes',
      '9:58:00 AM – 10:00:00 AM Not billed: before the start time (waiting room) 2 minutes',
      '10:00:00 AM – 10:00:30 AM Not billed: only one side connected 30 seconds',
      '10:00:30 AM – 10:06:30 AM James Carter (Resident) was connected 6 minutes',
      '10:00:30 AM – 10:06:00 AM Billed: both sides could see and hear each other 5 minutes 30 seconds',
      '10:01:00 AM – 10:03:00 AM Officer Diaz (Staff) was connected 2 minutes',
      '10:02:00 AM Warning from staff: Please keep your voices down. (by officer)',
      '10:05:00 AM Automatic reminder: 5 minutes left',
      '10:06:00 AM – 10:06:30 AM Not billed: only one side connected 30 seconds',
      '10:06:30 AM The visit ended when James Carter left',
    ]);
    await expect(el).to.be.accessible();
  });

  it('shows the table to everyone on request, and back', async () => {
    const el = await mount(sampleLedger());
    const toggle = root(el).querySelector<HTMLButtonElement>('[part="toggle"]')!;
    expect(root(el).querySelector('table')!.classList.contains('visually-hidden')).to.equal(true);
    toggle.click();
    await el.updateComplete;
    expect(root(el).querySelector('[part="chart"]')).to.equal(null);
    expect(root(el).querySelector('table')!.classList.contains('visually-hidden')).to.equal(false);
    expect(toggle.textContent.trim()).to.equal('Show as a timeline');
    await expect(el).to.be.accessible();
    toggle.click();
    await el.updateComplete;
    expect(root(el).querySelector('[part="chart"]')).not.to.equal(null);
  });

  it('mirrors under dir="rtl": time runs from the inline start', async () => {
    const el = await mount(sampleLedger(), { dir: 'rtl' });
    const billed = geometry(el, 'billed');
    expect(billed.start).to.be.closeTo(150 / 510, 0.01);
    const bar = root(el).querySelector('[part="billed"]')!.getBoundingClientRect();
    const lane = root(el).querySelector('[part="billed"]')!.parentElement!.getBoundingClientRect();
    // The bar ends 30 s before the end of the axis, which is now on the left.
    expect((bar.left - lane.left) / lane.width).to.be.closeTo(30 / 510, 0.01);
  });

  it('speaks Spanish, and renders names and staff texts as text', async () => {
    const ledger = sampleLedger();
    ledger.participants[0]!.name = HOSTILE_NAME;
    ledger.staffActions[0]!.detail = HOSTILE_NAME;
    const el = await mount(ledger, { lang: 'es' });
    const text = deepText(el);
    expect(text).to.contain('Cobrado 5 minutos 30 segundos No cobrado 3 minutos');
    expect(text).to.contain('No cobrado: antes de la hora de inicio (sala de espera)');
    expect(text).to.contain('Aviso del personal');
    expect(pwned(el)).to.equal(false);
  });

  it('refuses an invalid ledger with a message and vk-error, and recovers with a valid one', async () => {
    const bad = { ...sampleLedger(), billableSeconds: -5 };
    const el = await fixture<VkVisitTimeline>(html`<vk-visit-timeline lang="en"></vk-visit-timeline>`);
    const errored = oneEvent<GlobalEventHandlersEventMap['vk-error']>(el, 'vk-error');
    el.ledger = bad;
    const { detail } = await errored;
    expect(detail.error.code).to.equal('bad-request');
    expect(detail.error.message).to.contain('billableSeconds');
    await el.updateComplete;
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('This visit record could not be read.');
    expect(root(el).querySelector('[part="chart"]')).to.equal(null);
    el.ledger = sampleLedger();
    await el.updateComplete;
    expect(root(el).querySelector('[role="alert"]')).to.equal(null);
    expect(root(el).querySelectorAll('[part="interval"]')).to.have.length(3);
  });

  it('says so when src cannot be loaded', async () => {
    const el = await fixture<VkVisitTimeline>(html`<vk-visit-timeline lang="en"></vk-visit-timeline>`);
    const errored = oneEvent<GlobalEventHandlersEventMap['vk-error']>(el, 'vk-error');
    el.src = '/no-such-ledger.json';
    const { detail } = await errored;
    expect(detail.error.status).to.equal(404);
    await el.updateComplete;
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('The visit record could not be loaded.');
    await expect(el).to.be.accessible();
  });

  it('says when nobody joined', async () => {
    const el = await mount({
      ...sampleLedger(),
      participants: [],
      unbilled: [],
      billableSeconds: 0,
      bothConnectedSeconds: 0,
      end: null,
      staffActions: [],
    });
    expect(deepText(el)).to.contain('Nobody joined this visit.');
    expect(deepText(el)).to.contain('Not ended yet');
  });
});
