// <vk-monitor> with a real VisitClient and StaffApi against the real LiveKit server and server adapter.
import { expect, fixture, html } from '@open-wc/testing';
import { StaffApi, VisitClient, type VisitClientOptions } from '@visitkit/core';
import type { Visit } from '@visitkit/core/protocol';
import { buttonByText, deepQuery, deepText, HOSTILE_NAME, pwned, settle, until } from '../../test-support/dom.js';
import { asQuery, tokenUrl, uniqueVisit, untilPlaying, type Caller } from '../../test-support/real-visit.js';
import type { VisitClientInit } from '../../visit-client-like.js';
import '../vk-visit/vk-visit.js';
import type { VkVisit } from '../vk-visit/vk-visit.component.js';
import './vk-monitor.js';
import type { VkMonitor } from './vk-monitor.component.js';

const OFFICER: Caller = { identity: 'officer-1', name: 'Officer Diaz', role: 'monitor' };

/** A monitor console whose token and staff requests carry the test identity of `who`; `options` go to its client. */
async function monitor(
  visit: Visit,
  who: Caller,
  options: Pick<VisitClientOptions, 'fetch' | 'connectBudgetMs'> = {},
): Promise<VkMonitor> {
  const query = asQuery(visit, who);
  const withIdentity: typeof fetch = (input, init) =>
    fetch(`${input instanceof Request ? input.url : String(input)}?${query}`, init);
  const el = await fixture<VkMonitor>(html`<vk-monitor
    style="width: 760px"
    api-base="/api/visitkit"
    visit-id=${visit.id}
    .createClient=${(init: VisitClientInit) =>
      new VisitClient({ ...init, ...options, tokenUrl: `${init.tokenUrl}?${query}` })}
    .staff=${new StaffApi({ apiBase: '/api/visitkit', visitId: visit.id, fetch: withIdentity })}
  ></vk-monitor>`);
  await settle(el);
  return el;
}

async function joined(visit: Visit, who: Caller): Promise<VkVisit> {
  const el = await fixture<VkVisit>(html`<vk-visit token-url=${tokenUrl(visit, who)} visit-id=${visit.id}></vk-visit>`);
  await settle(el);
  buttonByText(el, 'Turn on camera and microphone').click();
  await until(() => el.client?.state === 'prejoin', 'the preview started');
  buttonByText(el, 'Join visit').click();
  return el;
}

describe('<vk-monitor> with the real LiveKit server', () => {
  const clients: Array<{ client?: { leave(): Promise<void> } | undefined }> = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((el) => el.client?.leave() ?? Promise.resolve()));
  });

  it('watches hidden, warns, mutes, shows the ledger and terminates with a reason', async function () {
    // Three real clients and video decoding on 2 shared cores: give a slow machine room (not an assertion).
    this.timeout(90_000);
    const visit = uniqueVisit({ monitored: true, recorded: true });
    const resident = await joined(visit, { identity: 'res-m', name: HOSTILE_NAME, role: 'resident' });
    const visitor = await joined(visit, { identity: 'vis-m', name: 'Ana', role: 'visitor' });
    const staff = await monitor(visit, OFFICER);
    clients.push(resident, visitor, staff);
    await until(() => resident.screen === 'live' && visitor.screen === 'live', 'both parties are live');

    buttonByText(staff, 'Start monitoring').click();
    await until(() => staff.client?.state === 'live' || staff.client?.state === 'lobby', 'the monitor connected');
    await settle(staff);
    await untilPlaying(staff, 2);
    await settle(staff);
    expect(deepText(staff)).to.contain(`Mute ${HOSTILE_NAME}`);
    expect(pwned(staff)).to.equal(false);
    // Hidden: the parties never see the officer.
    expect(deepText(visitor)).not.to.contain('Officer Diaz');
    await expect(staff).to.be.accessible();

    buttonByText(staff, 'Please mind your language.').click();
    await until(() => deepText(visitor).includes('Please mind your language.'), 'the visitor sees the warning');
    await until(() => deepText(staff).includes('Warning sent.'), 'the monitor sees "Warning sent."');

    buttonByText(staff, 'Mute Ana').click();
    await until(() => deepText(staff).includes('Ana was muted.'), 'the monitor sees "Ana was muted."');

    await until(() => deepText(staff).includes('Time together'), 'the ledger is shown');

    buttonByText(staff, 'End visit').click();
    await settle(staff);
    deepQuery<HTMLTextAreaElement>(staff, '#reason')!.value = 'Repeated conduct warnings';
    buttonByText(deepQuery(staff, 'dialog')!, 'End visit').click();
    await until(() => visitor.screen === 'ended' && resident.screen === 'ended', 'both parties see the end');
    await settle(visitor);
    expect(deepText(visitor)).to.contain('Staff ended the visit.');
    expect(deepText(visitor)).to.contain('Reason given: Repeated conduct warnings');
  });

  it('says when its first connect gave up, and Try again connects with a new token', async () => {
    const visit = uniqueVisit({ monitored: true });
    // The real token route answers; the first answer is sent on to a LiveKit URL where nothing listens.
    let tokens = 0;
    const fetchToken: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      tokens += 1;
      if (tokens > 1) return response;
      const body = (await response.json()) as Record<string, unknown>;
      return Response.json({ ...body, server_url: 'ws://127.0.0.1:1' }, { status: response.status });
    };
    // One attempt (the real budget is a minute of them): the failure screen is what this test is about.
    const staff = await monitor(visit, OFFICER, { fetch: fetchToken, connectBudgetMs: 0 });
    clients.push(staff);
    buttonByText(staff, 'Start monitoring').click();
    await until(() => staff.client?.state === 'failed', 'the first connect gave up');
    await settle(staff);
    expect(staff.client?.lastError?.code).to.equal('connection-failed');
    expect(deepText(deepQuery(staff, '[role="status"].connect')!)).to.contain('Could not connect to your visit');
    await expect(staff).to.be.accessible();
    buttonByText(staff, 'Try again').click();
    await until(() => staff.client?.state === 'live' || staff.client?.state === 'lobby', 'the monitor connected');
    expect(tokens, 'Try again asked for a new token').to.equal(2);
    await settle(staff);
    expect(deepText(staff)).to.contain('Connected for');
  });

  it('is refused cleanly on a privileged visit', async () => {
    const visit = uniqueVisit({ kind: 'privileged' });
    const staff = await monitor(visit, OFFICER);
    clients.push(staff);
    buttonByText(staff, 'Start monitoring').click();
    await until(() => staff.client?.state === 'failed', 'the monitor was refused');
    await settle(staff);
    expect(deepText(staff)).to.contain('Privileged visits are never monitored');
    await expect(staff).to.be.accessible();
  });
});
