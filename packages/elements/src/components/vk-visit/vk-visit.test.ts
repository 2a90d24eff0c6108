import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { VisitErrorCode } from '@visitkit/core';
import {
  buttonByText,
  deepActive,
  deepQuery,
  deepQueryAll,
  deepText,
  HOSTILE_NAME,
  pwned,
  settle,
  until,
} from '../../test-support/dom.js';
import {
  canvasTrack,
  FakeVisitClient,
  participant,
  sampleVisit,
  visitError,
} from '../../test-support/fake-visit-client.js';
import type { VisitClientInit } from '../../visit-client-like.js';
import './vk-visit.js';
import type { VkVisit } from './vk-visit.component.js';

interface MountOptions {
  lang?: string;
  kiosk?: boolean;
  consent?: boolean;
  inactivity?: number;
}

async function mount(client: FakeVisitClient, options: MountOptions = {}): Promise<VkVisit> {
  const el = await fixture<VkVisit>(html`<vk-visit
    .client=${client}
    lang=${options.lang ?? 'en'}
    ?kiosk=${options.kiosk ?? false}
    inactivity-timeout=${options.inactivity ?? 120}
  >
    <span slot="brand">County Visits</span>
    ${options.consent ? html`<p slot="consent">Visits are recorded. Be respectful.</p>` : ''}
    <p slot="end">Book your next visit at the front desk.</p>
  </vk-visit>`);
  await settle(el);
  return el;
}

/** A `<vk-visit>` that makes its own clients from `token-url` (kept in `made`, in order). */
async function mountMaking(
  visitId: string,
  options: MountOptions = {},
): Promise<{ el: VkVisit; made: FakeVisitClient[] }> {
  const made: FakeVisitClient[] = [];
  const el = await fixture<VkVisit>(html`<vk-visit
    ?kiosk=${options.kiosk ?? false}
    inactivity-timeout=${options.inactivity ?? 120}
    token-url="/api/visitkit/visits/${visitId}/token"
    visit-id=${visitId}
    .createClient=${(init: VisitClientInit) => {
      const client = new FakeVisitClient(init.visitId);
      made.push(client);
      return client;
    }}
  ></vk-visit>`);
  await settle(el);
  return { el, made };
}

function liveClient(remote = 1): FakeVisitClient {
  const client = new FakeVisitClient();
  client.setVisit(sampleVisit());
  client.timeLeftMs = 25 * 60_000;
  client.setParticipants([
    participant({ identity: 'me', name: 'Ana', isLocal: true, videoTrack: canvasTrack('#22c55e') }),
    ...Array.from({ length: remote }, (_, i) =>
      participant({
        identity: `p-${i}`,
        name: `Person ${i}`,
        role: i === 0 ? 'resident' : 'visitor',
        videoTrack: canvasTrack(),
      }),
    ),
    participant({ identity: 'officer', name: 'Officer', role: 'monitor' }),
  ]);
  client.state = 'live';
  return client;
}

describe('<vk-visit>', () => {
  describe('getting ready', () => {
    it('starts on the getting-ready screen and turns the camera on when asked', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client);
      expect(el.screen).to.equal('prejoin');
      expect(deepText(el)).to.contain('Get ready for your visit');
      await expect(el).to.be.accessible();
      deepQuery<HTMLButtonElement>(el, '[part="start-button"]')!.click();
      await settle(el);
      expect(client.calls[0]).to.deep.equal({ method: 'startPreview' });
      expect(deepQuery<HTMLVideoElement>(deepQuery(el, 'vk-prejoin')!, 'video')?.srcObject).to.be.instanceOf(
        MediaStream,
      );
      await until(() => deepText(el).includes('Connection looks good'));
      expect(deepQueryAll(el, 'vk-device-select')).to.have.length(2);
      expect(deepQuery<HTMLMeterElement>(el, 'meter')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('can be joined with the keyboard only, and moves focus to the next screen', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client);
      await client.startPreview();
      await settle(el);
      deepQuery<HTMLButtonElement>(el, '[part="join-button"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await settle(el);
      expect(client.calls.some((c) => c.method === 'join')).to.equal(true);
      expect(el.screen).to.equal('connecting');
      await until(() => (deepActive()?.textContent ?? '').includes('Connecting to your visit'));
      await expect(el).to.be.accessible();
    });

    it('requires "I agree" when rules are given, then sends the consent with the join', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client, { consent: true });
      await client.startPreview();
      await settle(el);
      expect(deepText(el)).to.contain('Visits are recorded. Be respectful.');
      buttonByText(el, 'Join visit').click();
      await settle(el);
      expect(deepText(el)).to.contain('Please agree to the rules before joining.');
      expect(client.calls.some((c) => c.method === 'join')).to.equal(false);
      const box = deepQuery<HTMLInputElement>(el, '#agree')!;
      expect(deepActive()).to.equal(box);
      await expect(el).to.be.accessible();
      const consented = oneEvent<GlobalEventHandlersEventMap['vk-consent']>(el, 'vk-consent');
      await sendKeys({ press: 'Space' });
      const { detail } = await consented;
      expect(detail.textSha256).to.match(/^[a-f0-9]{64}$/);
      buttonByText(el, 'Join visit').click();
      await until(() => client.calls.some((c) => c.method === 'join'));
      const join = client.calls.find((c) => c.method === 'join');
      expect(join && 'consent' in join ? join.consent?.text_sha256 : undefined).to.equal(detail.textSha256);
    });
  });

  describe('coming back after a failed join', () => {
    async function failedJoin(client: FakeVisitClient, el: VkVisit): Promise<void> {
      await client.startPreview();
      await settle(el);
      deepQuery<HTMLInputElement>(el, '#agree')!.click();
      const camera = deepQueryAll<HTMLSelectElement>(el, 'select').find((s) =>
        [...s.options].some((o) => o.value === 'cam-2'),
      )!;
      camera.value = 'cam-2';
      camera.dispatchEvent(new Event('change'));
      client.joinError = visitError('not-open-yet');
      buttonByText(el, 'Join visit').click();
      await until(() => el.screen === 'failed', 'the error screen');
      await settle(el);
      client.joinError = undefined;
    }

    const agreeBox = (el: VkVisit) => deepQuery<HTMLInputElement>(el, '#agree')!;
    const cameraSelect = (el: VkVisit) =>
      deepQueryAll<HTMLSelectElement>(el, 'select').find((s) => [...s.options].some((o) => o.value === 'cam-2'))!;

    it('"Try again" keeps the "I agree" tick and the chosen camera', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client, { consent: true });
      await failedJoin(client, el);
      buttonByText(el, 'Try again').click();
      await until(() => el.screen === 'prejoin', 'the getting-ready screen');
      await settle(el);
      expect(agreeBox(el).checked, '"I agree" still ticked').to.equal(true);
      expect(cameraSelect(el).value).to.equal('cam-2');
      await expect(el).to.be.accessible();
      buttonByText(el, 'Join visit').click();
      await until(() => client.calls.filter((c) => c.method === 'join').length === 2, 'a second join');
      expect(deepText(el)).not.to.contain('Please agree to the rules before joining.');
      const join = client.calls.at(-1);
      expect(join && 'consent' in join ? join.consent?.text_sha256 : undefined).to.match(/^[a-f0-9]{64}$/);
    });

    it('"Start over" keeps them too, but a kiosk forgets them for the next person', async () => {
      for (const kiosk of [false, true]) {
        const made: FakeVisitClient[] = [];
        const inits: VisitClientInit[] = [];
        const el = await fixture<VkVisit>(html`<vk-visit
          token-url="/api/visitkit/visits/v-9/token"
          visit-id="v-9"
          ?kiosk=${kiosk}
          .createClient=${(init: VisitClientInit) => {
            const client = new FakeVisitClient(init.visitId);
            made.push(client);
            inits.push(init);
            return client;
          }}
          ><p slot="consent">Visits are recorded.</p></vk-visit
        >`);
        await settle(el);
        if (kiosk) {
          await made[0]!.startPreview();
          await settle(el);
          agreeBox(el).click();
          made[0]!.fail(visitError('not-open-yet'));
          await settle(el);
        } else {
          await failedJoin(made[0]!, el);
        }
        buttonByText(el, 'Start over').click();
        await until(() => made.length === 2 && el.screen === 'prejoin', 'a fresh client');
        await settle(el);
        expect(agreeBox(el).checked, `kiosk=${kiosk}`).to.equal(!kiosk);
        expect(inits[1]!.devices?.videoinput, `kiosk=${kiosk}`).to.equal(kiosk ? undefined : 'cam-2');
      }
    });
  });

  describe('lobby', () => {
    it('counts down to the start on the server clock', async () => {
      const client = new FakeVisitClient();
      client.setVisit(sampleVisit({ startsAt: new Date(Date.now() + 5 * 60_000).toISOString() }));
      client.lobbyReason = 'before-start';
      client.untilStartMs = 4 * 60_000 + 30_000;
      client.state = 'lobby';
      const el = await mount(client);
      expect(el.screen).to.equal('lobby');
      expect(deepText(el)).to.contain('Your visit starts at');
      expect(deepText(el)).to.contain('Starts in 4:30');
      client.untilStartMs = 4 * 60_000 + 29_000;
      client.emit('time', { untilStartMs: client.untilStartMs, timeLeftMs: 3_600_000 });
      await settle(el);
      expect(deepText(el)).to.contain('Starts in 4:29');
      await expect(el).to.be.accessible();
    });

    it('says who it is waiting for', async () => {
      const client = new FakeVisitClient();
      client.setVisit(sampleVisit());
      client.state = 'lobby';
      client.lobbyReason = 'waiting-for-party';
      const el = await mount(client);
      expect(deepText(el)).to.contain('Waiting for the other person to join');
      client.lobbyReason = 'waiting-for-monitor';
      client.emit('lobby', 'waiting-for-monitor');
      await settle(el);
      expect(deepText(el)).to.contain('Waiting for a staff member to join');
      await expect(el).to.be.accessible();
    });
  });

  describe('live', () => {
    it('shows remote video, self view, notice and time left; names render as text only', async () => {
      const client = liveClient();
      client.setParticipants([
        participant({ identity: 'me', name: HOSTILE_NAME, isLocal: true, videoTrack: canvasTrack() }),
        participant({ identity: 'res-1', name: HOSTILE_NAME, role: 'resident', videoTrack: canvasTrack() }),
      ]);
      const el = await mount(client);
      expect(el.screen).to.equal('live');
      const text = deepText(el);
      expect(text).to.contain(HOSTILE_NAME);
      expect(pwned(el)).to.equal(false);
      expect(text).to.contain('This visit is monitored and recorded.');
      expect(text).to.contain('25:00 left');
      const tiles = deepQueryAll(el, 'vk-tile');
      expect(tiles).to.have.length(2);
      expect(tiles.filter((t) => t.hasAttribute('local'))).to.have.length(1);
      await expect(el).to.be.accessible();
    });

    it('shows one to four remote tiles and never a hidden monitor', async () => {
      for (const count of [1, 2, 3, 4]) {
        const el = await mount(liveClient(count));
        const remote = deepQueryAll(el, 'vk-tile').filter((t) => !t.hasAttribute('local'));
        expect(remote, `${count} remote`).to.have.length(count);
        expect(deepText(el)).not.to.contain('Officer');
      }
    });

    it('says a privileged visit is not recorded or monitored', async () => {
      const client = liveClient();
      client.setVisit(sampleVisit({ kind: 'privileged', recorded: false, monitored: false }));
      const el = await mount(client);
      expect(deepText(el)).to.contain('This visit is not recorded or monitored.');
      expect(deepText(el)).not.to.contain('monitored and recorded');
    });

    it('shows and announces time warnings and staff announcements (as text)', async () => {
      const client = liveClient();
      const el = await mount(client);
      client.emit('warning', { secondsLeft: 300, source: 'server' });
      client.emit('announcement', { code: 'language', message: HOSTILE_NAME });
      await settle(el);
      const alerts = deepQueryAll(el, '[role="alert"]').map((n) => deepText(n));
      expect(alerts.join(' ')).to.contain('5 minutes left in this visit.');
      expect(alerts.join(' ')).to.contain('Please mind your language.');
      expect(alerts.join(' ')).to.contain(HOSTILE_NAME);
      expect(pwned(el)).to.equal(false);
      await expect(el).to.be.accessible();
    });

    it('shows nothing and takes no room for empty live regions, which stay in place to speak', async () => {
      const client = liveClient();
      client.setVisit(sampleVisit({ monitored: false, recorded: false }));
      const el = await mount(client);
      const silent = deepQueryAll(el, '[role="alert"], [role="status"]');
      expect(silent.length, 'live regions in the page').to.be.at.least(4);
      for (const region of silent) {
        expect(deepText(region), region.className).to.equal('');
        const box = region.getBoundingClientRect();
        expect(box.width * box.height, `size of empty ${region.className || region.tagName}`).to.be.at.most(1);
      }
      // No gap, margin or padding is left where they sit: each part is exactly as tall as what it shows.
      const height = (node: Element | null) => node!.getBoundingClientRect().height;
      const timer = deepQuery(el, 'vk-timer')!;
      expect(height(timer)).to.equal(height(deepQuery(timer, '.time')));
      const controls = deepQuery(el, 'vk-controls')!;
      expect(height(controls)).to.equal(height(deepQuery(controls, '.bar')));
      expect(height(deepQuery(el, 'vk-notice'))).to.be.at.most(1);
      const stage = deepQuery(el, 'vk-stage')!.getBoundingClientRect();
      const bar = deepQuery(controls, '.bar')!.getBoundingClientRect();
      const gap = parseFloat(getComputedStyle(deepQuery(el, '.screen')!).rowGap);
      expect(bar.top - stage.bottom, 'space between the video and the buttons').to.be.at.most(gap + 1);
      // A message still shows, on the warning colour.
      client.emit('announcement', { code: 'language' });
      await settle(el);
      const announcement = deepQuery(el, '[part="announcement"]')!;
      expect(height(announcement)).to.be.greaterThan(10);
      expect(getComputedStyle(announcement).backgroundColor).to.equal('rgb(255, 244, 214)');
      await expect(el).to.be.accessible();
    });

    it('mutes, turns the camera off and tells the user when staff ask to mute', async () => {
      const client = liveClient();
      const el = await mount(client);
      client.emit('mute-request', { track: 'audio' });
      await settle(el);
      expect(deepText(el)).to.contain('Staff asked you to mute your microphone.');
      buttonByText(el, 'Mute microphone').click();
      buttonByText(el, 'Turn camera off').click();
      await settle(el);
      expect(client.calls).to.deep.include({ method: 'setMicrophoneEnabled', enabled: false });
      expect(client.calls).to.deep.include({ method: 'setCameraEnabled', enabled: false });
      expect(deepText(el)).to.contain('Unmute microphone');
      expect(deepText(el)).not.to.contain('Staff asked you to mute');
    });

    it('switches devices from the device menu', async () => {
      const client = liveClient();
      const el = await mount(client);
      const menu = buttonByText(el, 'Devices');
      expect(menu.getAttribute('aria-expanded')).to.equal('false');
      menu.click();
      await settle(el);
      expect(menu.getAttribute('aria-expanded')).to.equal('true');
      const camera = deepQueryAll<HTMLSelectElement>(el, 'select').find((s) =>
        [...s.options].some((o) => o.value === 'cam-2'),
      )!;
      camera.value = 'cam-2';
      camera.dispatchEvent(new Event('change'));
      expect(client.calls).to.deep.include({ method: 'switchDevice', kind: 'videoinput', deviceId: 'cam-2' });
      await expect(el).to.be.accessible();
    });

    it('asks before leaving and can be cancelled', async () => {
      const client = liveClient();
      const el = await mount(client);
      buttonByText(el, 'Leave visit').click();
      const dialog = deepQuery<HTMLDialogElement>(el, 'dialog')!;
      expect(dialog.open).to.equal(true);
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      expect(dialog.open).to.equal(false);
      expect(client.calls.some((c) => c.method === 'leave')).to.equal(false);
      buttonByText(el, 'Leave visit').click();
      const ended = oneEvent<GlobalEventHandlersEventMap['vk-ended']>(el, 'vk-ended');
      buttonByText(deepQuery(el, 'dialog')!, 'Leave').click();
      expect((await ended).detail.reason).to.equal('left');
      await settle(el);
      expect(el.screen).to.equal('ended');
    });

    it('says it is still connecting on a long join, with the attempt and why, and stops saying it once connected', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client);
      client.setState('connecting');
      await settle(el);
      expect(deepQuery(el, '[part="connect-progress"]')).to.equal(null);
      client.setConnectProgress({ attempt: 1, reason: 'slow' });
      await settle(el);
      const line = (): Element | null => deepQuery(el, '[part="connect-progress"]');
      expect(line()?.closest('[role="status"]')).to.exist;
      expect(deepText(line()!)).to.contain('Still connecting');
      client.setConnectProgress({ attempt: 1, reason: 'interrupted' });
      await settle(el);
      expect(deepText(line()!)).to.contain('The connection dropped while joining. Still trying (attempt 1)');
      client.setConnectProgress({ attempt: 3, reason: 'retrying' });
      await settle(el);
      expect(deepText(line()!)).to.contain('Still connecting… (attempt 3)');
      await expect(el).to.be.accessible();
      client.setConnectProgress(undefined);
      client.setState('live');
      await settle(el);
      expect(line()).to.equal(null);
    });

    it('says it in Spanish too', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client, { lang: 'es' });
      client.setState('connecting');
      client.setConnectProgress({ attempt: 2, reason: 'retrying' });
      await settle(el);
      expect(deepText(deepQuery(el, '[part="connect-progress"]')!)).to.contain('Seguimos conectando… (intento 2)');
    });

    it('covers the visit with an announced overlay while reconnecting', async () => {
      const client = liveClient();
      const el = await mount(client);
      client.setState('reconnecting');
      await settle(el);
      const overlay = deepQuery(el, '[part="overlay"]')!;
      expect(overlay.closest('[role="alert"]')).to.exist;
      expect(deepText(overlay)).to.contain('Reconnecting');
      await expect(el).to.be.accessible();
      client.setState('live');
      await settle(el);
      expect(deepQuery(el, '[part="overlay"]')).to.equal(null);
    });
  });

  describe('announcements', () => {
    it('says politely who joined or left and why the visit ended; not monitors, not yourself', async () => {
      const client = liveClient();
      const el = await mount(client);
      const announcer = () => deepQuery<HTMLElement>(el, '[data-testid="announcer"]')!;
      const said = () => announcer().textContent?.trim();
      expect(announcer().getAttribute('role')).to.equal('status');
      client.emit('participant-joined', participant({ identity: 'officer', name: 'Officer', role: 'monitor' }));
      client.emit('participant-joined', participant({ identity: 'me', name: 'Ana', isLocal: true }));
      await settle(el);
      expect(said()).to.equal('');
      client.emit('participant-joined', participant({ identity: 'p-1', name: 'Rosa', role: 'visitor' }));
      await settle(el);
      expect(said()).to.equal('Rosa joined the visit.');
      client.emit('participant-left', participant({ identity: 'p-1', name: 'Rosa', role: 'visitor' }));
      await settle(el);
      expect(said()).to.equal('Rosa left the visit.');
      client.end({ reason: 'time-limit' });
      await settle(el);
      expect(said()).to.equal('The scheduled time is over.');
      await expect(el).to.be.accessible();
    });

    it('shows and announces that the others cannot hear you while your microphone is off', async () => {
      const client = liveClient();
      const el = await mount(client, { lang: 'es' });
      const cue = () => deepQuery<HTMLElement>(el, '[part="mic-off"]')!;
      expect(cue().getAttribute('role')).to.equal('status');
      expect(cue().hasAttribute('data-empty')).to.equal(true);
      buttonByText(el, 'Silenciar micrófono').click();
      await until(
        () => deepText(el).includes('Su micrófono está apagado: los demás no pueden oírle.'),
        'the muted cue',
      );
      expect(cue().hasAttribute('data-empty')).to.equal(false);
      expect(cue().getBoundingClientRect().height).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('end', () => {
    it('says why in plain words, how long, and sends a rating and a problem report', async () => {
      const client = liveClient();
      const el = await mount(client);
      const ended = oneEvent<GlobalEventHandlersEventMap['vk-ended']>(el, 'vk-ended');
      client.end({ reason: 'terminated', message: HOSTILE_NAME, liveDurationMs: 12 * 60_000 + 5_000 });
      const detail = (await ended).detail;
      expect(detail).to.include({ reason: 'terminated', liveDurationMs: 725_000 });
      await settle(el);
      const text = deepText(el);
      expect(text).to.contain('Staff ended the visit.');
      expect(text).to.contain(`Reason given: ${HOSTILE_NAME}`);
      expect(text).to.contain('Duration: 12 minutes 5 seconds');
      expect(text).to.contain('Book your next visit at the front desk.');
      expect(pwned(el)).to.equal(false);
      await until(() => (deepActive()?.textContent ?? '').includes('The visit has ended'));
      await expect(el).to.be.accessible();
      deepQueryAll<HTMLInputElement>(el, 'input[type="radio"]')[3]!.click();
      buttonByText(el, 'Report a problem').click();
      await settle(el);
      const area = deepQuery<HTMLTextAreaElement>(el, 'textarea')!;
      expect(deepActive()).to.equal(area);
      area.value = 'Echo on the line';
      area.dispatchEvent(new Event('input'));
      const feedback = oneEvent<GlobalEventHandlersEventMap['vk-feedback']>(el, 'vk-feedback');
      buttonByText(el, 'Send').click();
      expect((await feedback).detail).to.deep.equal({ rating: 4, problem: 'Echo on the line', reason: 'terminated' });
      await settle(el);
      expect(deepText(el)).to.contain('Thank you for your feedback.');
    });
  });

  describe('errors', () => {
    const cases: Array<[VisitErrorCode, string, boolean]> = [
      ['permission-denied', 'Camera or microphone blocked', true],
      ['device-not-found', 'No camera or microphone found', true],
      ['device-in-use', 'Camera or microphone is busy', true],
      ['not-open-yet', 'This visit is not open yet', true],
      ['visit-ended', 'This visit is over', false],
      ['forbidden', 'You cannot join this visit', false],
      ['visit-full', 'This visit is full', true],
      ['server-unreachable', 'Cannot reach the visit server', true],
      ['connection-failed', 'Could not connect to your visit', true],
      ['consent-required', 'Please agree to the rules', true],
      ['rate-limited', 'Too many attempts', true],
    ];
    for (const [code, heading, retry] of cases) {
      it(`${code}: says what happened and offers a way forward`, async () => {
        const client = new FakeVisitClient();
        const el = await mount(client);
        client.fail(visitError(code));
        await settle(el);
        expect(el.screen).to.equal('failed');
        expect(deepText(el)).to.contain(heading);
        await until(() => (deepActive()?.textContent ?? '').includes(heading));
        await expect(el).to.be.accessible();
        if (retry) {
          buttonByText(el, 'Try again').click();
          expect(client.calls.at(-1)).to.deep.equal({ method: 'startPreview' });
        } else {
          expect(deepText(el)).not.to.contain('Try again');
        }
      });
    }

    it('explains how to allow the camera in this browser', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client);
      client.fail(visitError('permission-denied'));
      await settle(el);
      expect(deepText(el)).to.contain('In Chrome or Edge');
    });
  });

  describe('languages', () => {
    it('renders Spanish and switches language at runtime', async () => {
      const client = liveClient();
      const el = await mount(client, { lang: 'es' });
      expect(deepText(el)).to.contain('Esta visita es supervisada y grabada.');
      expect(deepText(el)).to.contain('Quedan 25:00');
      expect(deepText(el)).to.contain('Salir de la visita');
      await expect(el).to.be.accessible();
      el.lang = 'en';
      await settle(el);
      expect(deepText(el)).to.contain('This visit is monitored and recorded.');
      expect(deepText(el)).to.contain('Leave visit');
      expect(deepQuery(el, '[lang]')?.getAttribute('lang')).to.equal('en');
    });

    it('formats durations with Intl in Spanish', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client, { lang: 'es' });
      client.end({ reason: 'time-limit', liveDurationMs: 65_000 });
      await settle(el);
      expect(deepText(el)).to.contain('Terminó el tiempo programado.');
      expect(deepText(el)).to.contain('Duración: 1 minuto 5 segundos');
    });
  });

  describe('attributes', () => {
    it('refuses an invalid visit-id with a clear error instead of a broken widget', async () => {
      const errors: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => errors.push(args.join(' '));
      try {
        const events: string[] = [];
        const el = await fixture<VkVisit>(html`<vk-visit
          token-url="/api/visitkit/visits/x/token"
          visit-id="../../admin"
          @vk-error=${(e: CustomEvent<{ error: Error }>) => events.push(e.detail.error.message)}
        ></vk-visit>`);
        await settle(el);
        expect(el.screen).to.equal('config');
        expect(deepText(el)).to.contain('This visit could not be set up');
        expect(events.join()).to.contain('visit-id');
        expect(errors.join()).to.contain('visit-id');
        await expect(el).to.be.accessible();
      } finally {
        console.error = original;
      }
    });

    it('refuses a javascript: token-url', async () => {
      const original = console.error;
      console.error = () => undefined;
      try {
        const el = await fixture<VkVisit>(html`<vk-visit token-url="javascript:alert(1)" visit-id="v-1"></vk-visit>`);
        await settle(el);
        expect(el.screen).to.equal('config');
      } finally {
        console.error = original;
      }
    });

    it('falls back to English for an unsupported lang and says so', async () => {
      const original = console.error;
      console.error = () => undefined;
      try {
        const client = new FakeVisitClient();
        const seen: string[] = [];
        const el = await fixture<VkVisit>(html`<vk-visit
          .client=${client}
          lang="xx"
          @vk-error=${(e: CustomEvent<{ error: Error }>) => seen.push(e.detail.error.message)}
        ></vk-visit>`);
        await settle(el);
        expect(seen.join()).to.contain('lang "xx" is not supported');
        expect(deepText(el)).to.contain('Get ready for your visit');
      } finally {
        console.error = original;
      }
    });

    it('creates its own client from token-url and visit-id', async () => {
      const made: VisitClientInit[] = [];
      const el = await fixture<VkVisit>(html`<vk-visit
        token-url="/api/visitkit/visits/v-7/token"
        visit-id="v-7"
        .createClient=${(init: VisitClientInit) => {
          made.push(init);
          return new FakeVisitClient(init.visitId);
        }}
      ></vk-visit>`);
      await settle(el);
      expect(made).to.deep.equal([{ visitId: 'v-7', tokenUrl: '/api/visitkit/visits/v-7/token' }]);
      expect(el.client?.visitId).to.equal('v-7');
    });

    it('leaves every client it made when replacing or dropping it, and never a client the page passed in', async () => {
      const { el, made } = await mountMaking('v-7');
      const left = (client: FakeVisitClient | undefined): boolean =>
        client?.calls.some((c) => c.method === 'leave') ?? false;
      el.visitId = 'v-8'; // another visit: a new client, the old one left
      await settle(el);
      expect(made.map((c) => c.visitId)).to.deep.equal(['v-7', 'v-8']);
      await until(() => left(made[0]));
      expect(el.client).to.equal(made[1]);

      const pages = new FakeVisitClient('v-8');
      el.client = pages; // the page hands over its own: ours is left
      await settle(el);
      await until(() => left(made[1]));
      expect(el.client).to.equal(pages);
      el.visitId = 'v-9'; // the page's client stays the page's, whatever the attributes say
      await settle(el);
      el.remove();
      await settle(el);
      expect(el.client).to.equal(pages);
      expect(left(pages)).to.equal(false);
      expect(made).to.have.length(2, 'no client of its own next to the page one');
    });
  });

  describe('events', () => {
    it('fires vk-state-change on real changes only and vk-error for client errors', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client);
      const states: string[] = [];
      const errors: string[] = [];
      el.addEventListener('vk-state-change', (e) => states.push(`${e.detail.previous}->${e.detail.state}`));
      el.addEventListener('vk-error', (e) => errors.push(e.detail.error.code));
      await client.startPreview();
      // A client-like object that repeats itself (the real one never does): the element reports each change once.
      client.emit('state', 'prejoin', 'idle');
      client.emit('state', 'prejoin', 'prejoin');
      await client.join();
      client.fail(visitError('server-unreachable'));
      expect(states).to.deep.equal(['idle->prejoin', 'prejoin->connecting', 'connecting->failed']);
      expect(errors).to.deep.equal(['server-unreachable']);
    });
  });

  describe('kiosk', () => {
    it('uses the fixed camera and microphone of the station', async () => {
      const made: VisitClientInit[] = [];
      const el = await fixture<VkVisit>(html`<vk-visit
        kiosk
        token-url="/api/visitkit/visits/v-8/token"
        visit-id="v-8"
        camera-device="cam-2"
        microphone-device="mic-1"
        .createClient=${(init: VisitClientInit) => {
          made.push(init);
          return new FakeVisitClient(init.visitId);
        }}
      ></vk-visit>`);
      await settle(el);
      expect(made).to.deep.equal([
        {
          visitId: 'v-8',
          tokenUrl: '/api/visitkit/visits/v-8/token',
          devices: { videoinput: 'cam-2', audioinput: 'mic-1' },
        },
      ]);
    });

    it('has large touch targets and no device switching', async () => {
      const client = liveClient();
      const el = await mount(client, { kiosk: true });
      expect(() => buttonByText(el, 'Devices')).to.throw();
      const leave = buttonByText(el, 'Leave visit');
      expect(leave.getBoundingClientRect().height).to.be.at.least(72);
      await expect(el).to.be.accessible();
    });

    it('guards against navigating away while a visit runs', async () => {
      const client = liveClient();
      const el = await mount(client, { kiosk: true });
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      expect(event.defaultPrevented).to.equal(true);
      client.end({ reason: 'left' });
      await settle(el);
      const after = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(after);
      expect(after.defaultPrevented).to.equal(false);
    });

    it('returns to the start screen with a fresh client after the end screen', async () => {
      const { el, made } = await mountMaking('v-9', { kiosk: true, inactivity: 1 });
      expect(made).to.have.length(1);
      made[0]!.end({ reason: 'time-limit', liveDurationMs: 1000 });
      await settle(el);
      expect(el.screen).to.equal('ended');
      expect(deepText(el)).to.contain('This screen will return to the start shortly.');
      await oneEvent<GlobalEventHandlersEventMap['vk-reset']>(el, 'vk-reset');
      await settle(el);
      expect(made).to.have.length(2);
      expect(el.client).to.equal(made[1]);
      expect(el.screen).to.equal('prejoin');
      expect(made[0]!.listenerCount).to.equal(0);
    });

    it('resets an idle getting-ready screen after inactivity, not while someone is using it', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client, { kiosk: true, inactivity: 1 });
      await client.startPreview();
      await settle(el);
      await oneEvent<GlobalEventHandlersEventMap['vk-reset']>(el, 'vk-reset');
      expect(client.calls.at(-1)).to.deep.equal({ method: 'stopPreview' });
    });
  });

  describe('right to left', () => {
    it('mirrors the call when the element or the page says dir="rtl"', async () => {
      /** Where the self view, the remote name and the mute button sit, as fractions of the widget's width. */
      const layout = (el: VkVisit) => {
        const box = el.getBoundingClientRect();
        const x = (node: Element | null) => {
          const r = node!.getBoundingClientRect();
          return (r.left + r.width / 2 - box.left) / box.width;
        };
        const self = deepQuery(el, 'vk-tile.self');
        const remote = deepQuery(el, 'vk-tile:not(.self)')!;
        return {
          self: x(self),
          name: x(deepQuery(remote, '[part="name"]')),
          mic: x(deepQuery(el, '[part="mic-button"]')),
          leave: x(deepQuery(el, '[part="leave-button"]')),
        };
      };
      const ltr = layout(await mount(liveClient()));
      expect(ltr.self).to.be.greaterThan(0.5);
      expect(ltr.name).to.be.lessThan(0.5);
      expect(ltr.mic).to.be.lessThan(ltr.leave);

      const onElement = await mount(liveClient());
      onElement.setAttribute('dir', 'rtl');
      await settle(onElement);
      const rtl = layout(onElement);
      expect(rtl.self).to.be.lessThan(0.5);
      expect(rtl.name).to.be.greaterThan(0.5);
      expect(rtl.mic).to.be.greaterThan(rtl.leave);

      document.documentElement.dir = 'rtl';
      try {
        const fromPage = await mount(liveClient());
        expect(layout(fromPage).self).to.be.lessThan(0.5);
        await expect(fromPage).to.be.accessible();
      } finally {
        document.documentElement.removeAttribute('dir');
      }
    });

    it('speaks Arabic right to left without any dir on the page', async () => {
      const el = await mount(liveClient(), { lang: 'ar' });
      const app = deepQuery(el, '.app')!;
      expect(app.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(deepQuery(el, '[part="mic-button"]')!).direction).to.equal('rtl');
      expect(deepText(el)).to.contain('مغادرة الزيارة');
      const self = deepQuery(el, 'vk-tile.self')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      expect(self.left + self.width / 2).to.be.lessThan(box.left + box.width / 2);
      await expect(el).to.be.accessible();
      // Arabic inside a page that says dir="ltr" follows the page.
      const ltrPage = await fixture<HTMLDivElement>(
        html`<div dir="ltr"><vk-visit .client=${liveClient()} lang="ar"></vk-visit></div>`,
      );
      const inner = ltrPage.querySelector('vk-visit')!;
      await settle(inner);
      expect(deepQuery(inner, '.app')!.hasAttribute('dir')).to.equal(false);
    });
  });

  describe('theming', () => {
    it('follows the theme attribute', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client);
      el.theme = 'light';
      await settle(el);
      const light = getComputedStyle(el).backgroundColor;
      el.theme = 'dark';
      await settle(el);
      const dark = getComputedStyle(el).backgroundColor;
      expect(light).to.equal('rgb(255, 255, 255)');
      expect(dark).not.to.equal(light);
      await expect(el).to.be.accessible();
    });

    it('follows the system dark mode when no theme is set', async () => {
      const el = await mount(new FakeVisitClient());
      try {
        await emulateMedia({ colorScheme: 'dark' });
        expect(getComputedStyle(el).backgroundColor).to.equal('rgb(22, 22, 26)');
        await expect(el).to.be.accessible();
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(255, 255, 255)');
    });

    it('stops animations when the user prefers reduced motion', async () => {
      const client = new FakeVisitClient();
      const el = await mount(client);
      await client.join();
      await settle(el);
      const spinner = deepQuery(el, '.spinner')!;
      expect(getComputedStyle(spinner).animationName).to.equal('spin');
      try {
        await emulateMedia({ reducedMotion: 'reduce' });
        expect(getComputedStyle(spinner).animationName).to.equal('none');
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });

    it('shows a visible focus ring on keyboard focus', async () => {
      const el = await mount(liveClient());
      buttonByText(el, 'Mute microphone').focus();
      await sendKeys({ press: 'Tab' });
      const focused = deepActive() as HTMLElement;
      expect(focused.textContent).to.contain('Turn camera off');
      const style = getComputedStyle(focused);
      expect(style.outlineStyle).to.equal('solid');
      expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    });

    it('fits the box the page gives it, and the screen: the video shrinks, the buttons stay inside', async () => {
      for (const remote of [1, 2]) {
        const el = await mount(liveClient(remote));
        const bottomOfButtons = () =>
          Math.max(...deepQueryAll(el, '[part="bar"] button').map((b) => b.getBoundingClientRect().bottom));
        // A page that gives the widget a height.
        el.style.cssText = 'width: 1000px; height: 420px; box-sizing: border-box';
        await settle(el);
        const box = el.getBoundingClientRect();
        expect(box.height, `${remote} remote`).to.equal(420);
        expect(bottomOfButtons(), `${remote} remote: buttons inside 420 px`).to.be.at.most(box.bottom);
        for (const tile of deepQueryAll(el, 'vk-tile')) {
          expect(tile.getBoundingClientRect().bottom, `${remote} remote: video above the buttons`).to.be.at.most(
            deepQuery(el, '[part="bar"]')!.getBoundingClientRect().top + 1,
          );
        }
        // A page that says nothing: never taller than the screen, even when wide.
        el.style.cssText = 'width: 1400px';
        await settle(el);
        expect(el.getBoundingClientRect().height, `${remote} remote`).to.be.at.most(window.innerHeight);
        expect(bottomOfButtons()).to.be.at.most(el.getBoundingClientRect().bottom);
        // The limit can be set: the videos use the room they get.
        el.style.cssText = 'width: 1000px; --vk-max-height: 380px';
        await settle(el);
        expect(el.getBoundingClientRect().height).to.be.at.most(380);
      }
      // The getting-ready screen is not squeezed by the limit (nothing there shrinks).
      const ready = await mount(new FakeVisitClient(), { consent: true });
      ready.style.cssText = 'width: 360px; --vk-max-height: 200px';
      await settle(ready);
      expect(ready.getBoundingClientRect().height).to.be.greaterThan(200);
    });

    it('fits a 320 px phone without horizontal scrolling', async () => {
      const client = liveClient(2);
      const el = await mount(client);
      el.style.width = '320px';
      await settle(el);
      const all = [el, ...deepQueryAll(el, '*')];
      const wide = all.filter((n) => n.getBoundingClientRect().right > el.getBoundingClientRect().right + 1);
      expect(wide.map((n) => n.tagName + (n.getAttribute('part') ?? ''))).to.deep.equal([]);
    });
  });
});
