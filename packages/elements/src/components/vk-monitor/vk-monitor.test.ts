import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ConnectProgress } from '@visitkit/core';
import type { Ledger, MuteRequest, TerminateRequest, WarnRequest } from '@visitkit/core/protocol';
import {
  buttonByText,
  deepActive,
  deepQuery,
  deepText,
  HOSTILE_NAME,
  pwned,
  settle,
  until,
} from '../../test-support/dom.js';
import { FakeVisitClient, participant, sampleVisit, visitError } from '../../test-support/fake-visit-client.js';
import type { VisitClientInit } from '../../visit-client-like.js';
import './vk-monitor.js';
import type { StaffActions, VkMonitor } from './vk-monitor.component.js';

class FakeStaff implements StaffActions {
  readonly sent: Array<WarnRequest | MuteRequest | TerminateRequest> = [];
  async warn(request: WarnRequest): Promise<void> {
    this.sent.push(request);
  }
  async mute(request: MuteRequest): Promise<void> {
    this.sent.push(request);
  }
  async terminate(request: TerminateRequest): Promise<void> {
    this.sent.push(request);
  }
  async ledger(): Promise<Ledger> {
    return {
      visitId: 'visit-1',
      participants: [
        { identity: 'res-1', name: HOSTILE_NAME, role: 'resident', intervals: [], connectedSeconds: 125, consents: [] },
      ],
      billableSeconds: 120,
      bothConnectedSeconds: 120,
      unbilled: [],
      firstJoinedAt: new Date().toISOString(),
      end: null,
      staffActions: [],
      eventCount: 3,
    };
  }
}

async function mount(client: FakeVisitClient, staff = new FakeStaff(), lang = 'en') {
  const made: VisitClientInit[] = [];
  const el = await fixture<VkMonitor>(html`<vk-monitor
    api-base="/api/visitkit"
    visit-id="visit-1"
    lang=${lang}
    .staff=${staff}
    .createClient=${(init: VisitClientInit) => {
      made.push(init);
      return client;
    }}
  ></vk-monitor>`);
  await settle(el);
  return { el, staff, made };
}

/** What the real client does for a monitor: join() → connecting → connected with the parties there → live. */
function connect(client: FakeVisitClient): void {
  client.role = 'monitor';
  client.setVisit(sampleVisit());
  client.participants = [
    participant({ identity: 'me', isLocal: true, role: 'monitor' }),
    participant({ identity: 'res-1', name: HOSTILE_NAME, role: 'resident' }),
    participant({ identity: 'vis-1', name: 'Marta', role: 'visitor' }),
  ];
  if (client.state !== 'connecting') client.setState('connecting');
  client.setState('live');
}

describe('<vk-monitor>', () => {
  it('joins hidden with a token from the api base, then shows everyone as text', async () => {
    const client = new FakeVisitClient();
    const { el, made } = await mount(client);
    expect(made).to.deep.equal([{ visitId: 'visit-1', tokenUrl: '/api/visitkit/visits/visit-1/token' }]);
    expect(deepText(el)).to.contain('You join hidden');
    await expect(el).to.be.accessible();
    buttonByText(el, 'Start monitoring').click();
    expect(client.calls.at(-1)).to.deep.equal({ method: 'join', consent: undefined });
    connect(client);
    await settle(el);
    expect(deepText(el)).to.contain(`Mute ${HOSTILE_NAME}`);
    expect(deepText(el)).to.contain('Connected for');
    await until(() => deepText(el).includes('Time together'));
    expect(deepText(el)).to.contain('2 minutes');
    expect(pwned(el)).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('sends canned warnings and mutes a participant', async () => {
    const client = new FakeVisitClient();
    const { el, staff } = await mount(client);
    connect(client);
    await settle(el);
    // The status line is silent but present (hidden regions are not read when they first speak), and takes no room.
    const status = deepQuery(el, 'p.status[role="status"]')!;
    expect(getComputedStyle(status).display).not.to.equal('none');
    expect(status.getBoundingClientRect().height).to.be.at.most(1);
    buttonByText(el, 'Please mind your language.').click();
    await until(() => deepText(el).includes('Warning sent.'));
    buttonByText(el, 'Mute Marta').click();
    await until(() => deepText(el).includes('Marta was muted.'));
    buttonByText(el, 'Stop video of Marta').click();
    await until(() => staff.sent.length === 3);
    expect(staff.sent).to.deep.equal([
      { code: 'language' },
      { identity: 'vis-1', track: 'audio' },
      { identity: 'vis-1', track: 'video' },
    ]);
  });

  it('terminates only with a reason, after confirmation', async () => {
    const client = new FakeVisitClient();
    const { el, staff } = await mount(client);
    connect(client);
    await settle(el);
    buttonByText(el, 'End visit').click();
    await settle(el);
    const dialog = deepQuery<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.equal(true);
    buttonByText(dialog, 'End visit').click();
    await settle(el);
    expect(deepText(dialog)).to.contain('A reason is required.');
    expect(staff.sent).to.deep.equal([]);
    await expect(el).to.be.accessible();
    const reason = deepQuery<HTMLTextAreaElement>(el, '#reason')!;
    reason.value = 'Repeated conduct warnings';
    buttonByText(dialog, 'End visit').click();
    await until(() => staff.sent.length === 1);
    expect(staff.sent).to.deep.equal([{ reason: 'Repeated conduct warnings' }]);
    expect(dialog.open).to.equal(false);
  });

  it('reports a failed action without breaking', async () => {
    const client = new FakeVisitClient();
    const staff = new FakeStaff();
    staff.warn = async () => {
      throw visitError('forbidden', 'Only monitors may warn.');
    };
    const { el } = await mount(client, staff);
    connect(client);
    await settle(el);
    const errors: string[] = [];
    el.addEventListener('vk-error', (e) => errors.push(e.detail.error.code));
    buttonByText(el, 'Please follow the dress code.').click();
    await until(() => deepText(el).includes('That did not work: Only monitors may warn.'));
    expect(errors).to.deep.equal(['forbidden']);
  });

  it('says it is still connecting, with the attempt and why, in a polite region that was there before', async () => {
    const client = new FakeVisitClient();
    const { el } = await mount(client);
    const region = deepQuery(el, '[role="status"].connect');
    expect(region, 'the region exists before it speaks').to.exist;
    expect(deepText(region!)).to.equal('');
    buttonByText(el, 'Start monitoring').click();
    await settle(el);
    const sameRegion = (): boolean => deepQuery(el, '[role="status"].connect') === region;
    expect(sameRegion(), 'the same region, not a new one').to.equal(true);
    expect(deepText(region!)).to.contain('Connecting to your visit');
    const line = (): Element | null => deepQuery(el, '[part="connect-progress"]');
    expect(line() === null, 'no progress line on a normal connect').to.equal(true);
    const said: Array<[ConnectProgress, string]> = [
      [{ attempt: 1, reason: 'slow' }, 'Still connecting… A weak connection'],
      [{ attempt: 1, reason: 'interrupted' }, 'The connection dropped while joining. Still trying (attempt 1)'],
      [{ attempt: 3, reason: 'retrying' }, 'Still connecting… (attempt 3)'],
    ];
    for (const [progress, text] of said) {
      client.setConnectProgress(progress);
      await settle(el);
      const speaker = line()?.closest('[role="status"]:not([aria-live="assertive"])');
      expect(speaker === region, 'said by the polite region').to.equal(true);
      expect(deepText(line()!)).to.contain(text);
    }
    await expect(el).to.be.accessible();
    connect(client);
    await settle(el);
    expect(line() === null, 'no progress line once connected').to.equal(true);
    expect(sameRegion(), 'the same region, not a new one').to.equal(true);
    expect(deepText(region!)).to.equal('');
    expect(deepText(el)).to.contain('Mute Marta');
  });

  it('says it in Spanish too', async () => {
    const client = new FakeVisitClient();
    const { el } = await mount(client, undefined, 'es');
    buttonByText(el, 'Empezar a supervisar').click();
    client.setConnectProgress({ attempt: 2, reason: 'retrying' });
    await settle(el);
    expect(deepText(deepQuery(el, '[part="connect-progress"]')!)).to.contain('Seguimos conectando… (intento 2)');
  });

  it('says when the first connect gave up, and Try again joins again, all from the keyboard', async () => {
    const client = new FakeVisitClient();
    const { el } = await mount(client);
    const errors: string[] = [];
    el.addEventListener('vk-error', (e) => errors.push(e.detail.error.code));
    buttonByText(el, 'Start monitoring').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(client.calls.filter((c) => c.method === 'join')).to.have.length(1);
    // The pressed button went away with its screen: the focus moved to what the new screen says.
    await until(() => (deepActive()?.textContent ?? '').includes('Connecting to your visit'), 'focus on connecting');
    client.setConnectProgress({ attempt: 4, reason: 'retrying' });
    await settle(el);
    const region = deepQuery(el, '[role="status"].connect')!;
    client.fail(visitError('connection-failed', 'Could not connect to the visit after 4 attempts.'));
    await settle(el);
    expect(errors).to.deep.equal(['connection-failed']);
    const announcer = deepQuery(el, '[role="status"].connect');
    expect(announcer === region, 'announced by the region that was there').to.equal(true);
    expect(deepText(region)).to.contain('Could not connect to your visit');
    expect(deepText(region)).to.contain('Move to a stronger signal or Wi-Fi, then try again.');
    expect(deepQuery(el, '[part="connect-progress"]') === null, 'no progress line after the failure').to.equal(true);
    await until(() => (deepActive()?.textContent ?? '').includes('Could not connect'), 'focus on the failure');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent?.trim()).to.equal('Try again');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(client.calls.filter((c) => c.method === 'join')).to.have.length(2);
    expect(client.state).to.equal('connecting');
    expect(deepText(region)).to.contain('Connecting to your visit');
    expect(deepText(region)).not.to.contain('Could not connect');
    await until(() => (deepActive()?.textContent ?? '').includes('Connecting to your visit'), 'focus on connecting');
    connect(client);
    await settle(el);
    expect(deepText(el)).to.contain('Mute Marta');
    expect(deepActive()?.textContent).to.equal('Monitor visit');
  });

  it('offers no Try again where trying again cannot help', async () => {
    const client = new FakeVisitClient();
    client.joinError = visitError('forbidden');
    const { el } = await mount(client);
    buttonByText(el, 'Start monitoring').click();
    await settle(el);
    expect(deepText(deepQuery(el, '[role="status"].connect')!)).to.contain('You cannot join this visit');
    expect(() => buttonByText(el, 'Try again')).to.throw();
  });

  it('is refused cleanly on a privileged visit', async () => {
    const client = new FakeVisitClient();
    client.joinError = visitError('privileged-visit');
    const { el } = await mount(client, undefined, 'es');
    buttonByText(el, 'Empezar a supervisar').click();
    await settle(el);
    expect(deepText(el)).to.contain('Las visitas privilegiadas nunca se supervisan');
    await expect(el).to.be.accessible();
  });

  it('uses token-url when the token route lives elsewhere', async () => {
    const made: VisitClientInit[] = [];
    const el = await fixture<VkMonitor>(html`<vk-monitor
      api-base="/api/visitkit"
      visit-id="visit-1"
      token-url="/portal/staff/visit-1/token"
      .createClient=${(init: VisitClientInit) => {
        made.push(init);
        return new FakeVisitClient();
      }}
    ></vk-monitor>`);
    await settle(el);
    expect(made).to.deep.equal([{ visitId: 'visit-1', tokenUrl: '/portal/staff/visit-1/token' }]);
  });

  it('leaves the client it made when removed, but never a client the page passed in', async () => {
    const made = new FakeVisitClient();
    const { el } = await mount(made);
    el.remove();
    await until(() => made.calls.some((c) => c.method === 'leave'));
    expect(made.state).to.equal('ended');

    const pages = new FakeVisitClient();
    const factory: VisitClientInit[] = [];
    const withPage = await fixture<VkMonitor>(html`<vk-monitor
      api-base="/api/visitkit"
      visit-id="visit-1"
      .client=${pages}
      .createClient=${(init: VisitClientInit) => {
        factory.push(init);
        return new FakeVisitClient();
      }}
    ></vk-monitor>`);
    await settle(withPage);
    expect(factory, 'no client of its own next to the page one').to.deep.equal([]);
    expect(withPage.client).to.equal(pages);
    withPage.setAttribute('visit-id', 'visit-2'); // reconfiguring leaves nothing either
    await settle(withPage);
    withPage.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await settle(withPage);
    expect(pages.calls.filter((c) => c.method === 'leave')).to.deep.equal([]);
    expect(pages.state).to.equal('idle');
  });

  it('refuses a bad visit id', async () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      const el = await fixture<VkMonitor>(html`<vk-monitor api-base="/api/visitkit" visit-id="a/b"></vk-monitor>`);
      await settle(el);
      expect(deepText(el)).to.contain('The page is not set up correctly.');
    } finally {
      console.error = original;
    }
  });
});
