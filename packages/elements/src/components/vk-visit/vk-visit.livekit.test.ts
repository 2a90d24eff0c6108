// <vk-visit> with a real VisitClient (made from token-url) against the real LiveKit server and server adapter.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { buttonByText, deepQuery, deepText, HOSTILE_NAME, pwned, settle, until } from '../../test-support/dom.js';
import { tokenUrl, uniqueVisit, untilPlaying, type Caller } from '../../test-support/real-visit.js';
import type { Visit } from '@visitkit/core/protocol';
import './vk-visit.js';
import type { VkVisit } from './vk-visit.component.js';

async function widget(visit: Visit, who: Caller): Promise<VkVisit> {
  const el = await fixture<VkVisit>(html`<vk-visit
    token-url=${tokenUrl(visit, who)}
    visit-id=${visit.id}
    style="width: 640px"
  ></vk-visit>`);
  await settle(el);
  return el;
}

async function previewAndJoin(el: VkVisit): Promise<void> {
  buttonByText(el, 'Turn on camera and microphone').click();
  await until(() => el.client?.state === 'prejoin');
  await settle(el);
  const preview = deepQuery<HTMLVideoElement>(deepQuery(el, 'vk-prejoin')!, 'video')!;
  await until(() => preview.videoWidth > 0);
  buttonByText(el, 'Join visit').click();
}

describe('<vk-visit> with the real LiveKit server', () => {
  const open: VkVisit[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((el) => el.client?.leave() ?? Promise.resolve()));
  });

  it('previews the camera, joins, shows the other party live, and leaves with a reason and duration', async function () {
    // Three real clients and video decoding on 2 shared cores: give a slow machine room (not an assertion).
    this.timeout(90_000);
    const visit = uniqueVisit({ monitored: true, recorded: true });
    const resident = await widget(visit, { identity: 'res-1', name: HOSTILE_NAME, role: 'resident' });
    const visitor = await widget(visit, { identity: 'vis-1', name: 'Ana', role: 'visitor' });
    open.push(resident, visitor);

    await previewAndJoin(resident);
    await until(() => resident.screen === 'lobby');
    await settle(resident);
    expect(deepText(resident)).to.contain('Waiting for the other person to join');

    await previewAndJoin(visitor);
    await until(() => visitor.screen === 'live' && resident.screen === 'live', 'both widgets are live');
    await untilPlaying(visitor, 1);
    await untilPlaying(resident, 1);
    await settle(visitor);
    const text = deepText(visitor);
    expect(text).to.contain(HOSTILE_NAME);
    expect(pwned(visitor)).to.equal(false);
    expect(text).to.contain('This visit is monitored and recorded.');
    expect(text).to.match(/\d+:\d\d left/);
    await expect(visitor).to.be.accessible();

    buttonByText(visitor, 'Leave visit').click();
    const ended = oneEvent<GlobalEventHandlersEventMap['vk-ended']>(visitor, 'vk-ended');
    buttonByText(deepQuery(visitor, 'dialog')!, 'Leave').click();
    const { detail } = await ended;
    expect(detail.reason).to.equal('left');
    expect(detail.liveDurationMs).to.be.greaterThan(0);
    await settle(visitor);
    expect(deepText(visitor)).to.contain('You left the visit.');
    await until(() => resident.screen === 'lobby');
  });

  it('shows "not recorded or monitored" on a privileged visit', async () => {
    const visit = uniqueVisit({ kind: 'privileged' });
    const attorney = await widget(visit, { identity: 'att-1', name: 'Counsel', role: 'attorney' });
    const resident = await widget(visit, { identity: 'res-2', name: 'Luis', role: 'resident' });
    open.push(attorney, resident);
    await previewAndJoin(attorney);
    await previewAndJoin(resident);
    await until(() => attorney.screen === 'live');
    await settle(attorney);
    expect(deepText(attorney)).to.contain('This visit is not recorded or monitored.');
  });

  it('refuses a caller the portal does not know with the "not allowed" screen', async () => {
    const visit = uniqueVisit();
    // No `as` parameter: the test authorize hook answers 401.
    const el = await fixture<VkVisit>(html`<vk-visit
      token-url=${`/api/visitkit/visits/${visit.id}/token`}
      visit-id=${visit.id}
    ></vk-visit>`);
    open.push(el);
    await settle(el);
    buttonByText(el, 'Join visit').click();
    await until(() => el.screen === 'failed');
    await settle(el);
    expect(deepText(el)).to.contain('You cannot join this visit');
    await expect(el).to.be.accessible();
  });

  it('waits in the lobby with a countdown to the start on the server clock', async () => {
    const now = Date.now();
    const visit = uniqueVisit({
      startsAt: new Date(now + 2 * 60_000).toISOString(),
      endsAt: new Date(now + 32 * 60_000).toISOString(),
      lobbyOpensAt: new Date(now - 60_000).toISOString(),
    });
    const el = await widget(visit, { identity: 'vis-3', name: 'Ana', role: 'visitor' });
    open.push(el);
    await previewAndJoin(el);
    await until(() => el.screen === 'lobby', 'the lobby');
    await until(() => /Starts in [12]:\d\d/.test(deepText(el)), 'a countdown near two minutes');
    expect(deepText(el)).to.contain('Your visit starts at');
    await expect(el).to.be.accessible();
  });

  it('says the visit is not open yet before the lobby opens', async () => {
    const now = Date.now();
    const visit = uniqueVisit({
      startsAt: new Date(now + 3_600_000).toISOString(),
      endsAt: new Date(now + 7_200_000).toISOString(),
      lobbyOpensAt: new Date(now + 3_000_000).toISOString(),
    });
    const el = await widget(visit, { identity: 'vis-2', name: 'Ana', role: 'visitor' });
    open.push(el);
    buttonByText(el, 'Join visit').click();
    await until(() => el.screen === 'failed');
    await settle(el);
    expect(deepText(el)).to.contain('This visit is not open yet');
  });
});
