// <vk-visit> with a real VisitClient whose token route answers HTTP faults a real server will not produce on
// demand (msw in the page's service worker).
import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { buttonByText, deepText, settle, until } from '../../test-support/dom.js';
import './vk-visit.js';
import type { VkVisit } from './vk-visit.component.js';

const TOKEN = '/api/visitkit/visits/:visitId/token';
const worker = setupWorker();

const errorBody = (code: string, status: number) =>
  HttpResponse.json({ error: { code, message: `${code} (mocked)` } }, { status });

async function joinAndFail(): Promise<VkVisit> {
  const el = await fixture<VkVisit>(
    html`<vk-visit token-url="/api/visitkit/visits/v-faults/token" visit-id="v-faults"></vk-visit>`,
  );
  await settle(el);
  buttonByText(el, 'Join visit').click();
  await until(() => el.screen === 'failed', 'the failure screen');
  await settle(el);
  return el;
}

describe('<vk-visit> token faults', () => {
  before(async () => {
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledFrame: 'bypass', quiet: true });
  });
  afterEach(() => worker.resetHandlers());
  after(() => worker.stop());

  it('network failure: "Cannot reach the visit server" with Try again', async () => {
    worker.use(http.post(TOKEN, () => HttpResponse.error()));
    const errors: string[] = [];
    const el = await fixture<VkVisit>(html`<vk-visit
      token-url="/api/visitkit/visits/v-faults/token"
      visit-id="v-faults"
      @vk-error=${(e: CustomEvent<{ error: { code: string } }>) => errors.push(e.detail.error.code)}
    ></vk-visit>`);
    await settle(el);
    buttonByText(el, 'Join visit').click();
    await until(() => el.screen === 'failed', 'the failure screen');
    await settle(el);
    expect(deepText(el)).to.contain('Cannot reach the visit server');
    expect(errors).to.include('server-unreachable');
    await expect(el).to.be.accessible();
    buttonByText(el, 'Try again').click();
    await until(() => el.client?.state === 'prejoin', 'the preview after Try again');
    await el.client?.leave();
  });

  it('LiveKit down (502): "Cannot reach the visit server"', async () => {
    worker.use(http.post(TOKEN, () => errorBody('livekit-unreachable', 502)));
    const el = await joinAndFail();
    expect(deepText(el)).to.contain('Cannot reach the visit server');
  });

  it('a garbled answer is treated as unreachable, not shown', async () => {
    worker.use(http.post(TOKEN, () => HttpResponse.json({ participant_token: '<script>' })));
    const el = await joinAndFail();
    expect(deepText(el)).to.contain('Cannot reach the visit server');
    expect(deepText(el)).not.to.contain('<script>');
  });

  it('visit over (409): no Try again', async () => {
    worker.use(http.post(TOKEN, () => errorBody('visit-ended', 409)));
    const el = await joinAndFail();
    expect(deepText(el)).to.contain('This visit is over');
    expect(deepText(el)).not.to.contain('Try again');
  });

  it('visit full (409) and consent missing (428) have their own screens', async () => {
    worker.use(http.post(TOKEN, () => errorBody('visit-full', 409)));
    expect(deepText(await joinAndFail())).to.contain('This visit is full');
    worker.use(http.post(TOKEN, () => errorBody('consent-required', 428)));
    const el = await joinAndFail();
    expect(deepText(el)).to.contain('Please agree to the rules');
    await expect(el).to.be.accessible();
  });

  it('Spanish error screens', async () => {
    worker.use(http.post(TOKEN, () => errorBody('forbidden', 403)));
    const el = await fixture<VkVisit>(
      html`<vk-visit lang="es" token-url="/api/visitkit/visits/v-faults/token" visit-id="v-faults"></vk-visit>`,
    );
    await settle(el);
    buttonByText(el, 'Entrar a la visita').click();
    await until(() => el.screen === 'failed', 'the failure screen');
    await settle(el);
    expect(deepText(el)).to.contain('No puede entrar a esta visita');
    await expect(el).to.be.accessible();
  });
});
