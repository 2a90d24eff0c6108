// Consent to rules that changed since the user agreed (409 `consent-outdated`): <vk-visit> shows the rules
// again, unticked, with a translated message, and joins once the user agrees to the current text.
import { expect, fixture, html } from '@open-wc/testing';
import { rulesSha256 } from '@visitkit/core/protocol';
import { FakeVisitClient, visitError } from '../../test-support/fake-visit-client.js';
import { buttonByText, deepQuery, deepText, settle, until } from '../../test-support/dom.js';
import { asQuery, tokenUrl, uniqueVisit } from '../../test-support/real-visit.js';
import './vk-visit.js';
import type { VkVisit } from './vk-visit.component.js';

const OLD_RULES = 'Be respectful.';
const NEW_RULES = 'Be respectful. No recordings or screenshots.';

const agreeBox = (el: VkVisit) => deepQuery<HTMLInputElement>(el, '#agree')!;

/** The rules hashes of `identity`'s consents in the visit's ledger, read as a monitor would. */
async function consentHashes(visit: Parameters<typeof asQuery>[0], identity: string): Promise<string[]> {
  const monitor = asQuery(visit, { identity: 'officer-1', name: 'Officer', role: 'monitor' });
  const response = await fetch(`/api/visitkit/visits/${visit.id}/ledger?${monitor}`);
  const ledger = (await response.json()) as {
    participants: { identity: string; consents: { textSha256: string }[] }[];
  };
  return ledger.participants.find((p) => p.identity === identity)?.consents.map((c) => c.textSha256) ?? [];
}

describe('<vk-visit> when the rules changed since the user agreed', () => {
  const open: VkVisit[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((el) => el.client?.leave() ?? Promise.resolve()));
  });

  it('asks again with the current rules (real adapter), then joins; the ledger holds the new consent', async function () {
    this.timeout(90_000); // real media on 2 shared cores: a ceiling, not an assertion
    const current = await rulesSha256(NEW_RULES);
    const visit = uniqueVisit({ requireConsent: true, rulesSha256: [current] });
    const el = await fixture<VkVisit>(html`<vk-visit
      token-url=${tokenUrl(visit, { identity: 'vis-rules', name: 'Ana', role: 'visitor' })}
      visit-id=${visit.id}
      style="width: 640px"
      ><p slot="consent">${OLD_RULES}</p></vk-visit
    >`);
    open.push(el);
    const errors: string[] = [];
    el.addEventListener('vk-error', (event) => {
      errors.push(event.detail.error.code);
      // What a portal does: put its current rules text in (here the page had an old copy).
      if (event.detail.error.code === 'consent-outdated') el.querySelector('[slot="consent"]')!.textContent = NEW_RULES;
    });
    await settle(el);
    buttonByText(el, 'Turn on camera and microphone').click();
    await until(() => el.client?.state === 'prejoin', 'the preview');
    await settle(el);
    agreeBox(el).click();
    buttonByText(el, 'Join visit').click();

    await until(() => errors.includes('consent-outdated'), 'the server refusing the consent to the old rules');
    await until(() => el.client?.state === 'prejoin' && el.screen === 'prejoin', 'back to the rules');
    await settle(el);
    await settle(deepQuery(el, 'vk-prejoin')!);
    expect(agreeBox(el).checked, '"I agree" unticked').to.equal(false);
    const text = deepText(el);
    expect(text).to.contain('The visit rules have changed since you agreed. Please read them again and agree to join.');
    expect(text).to.contain(NEW_RULES);
    await expect(el).to.be.accessible();

    agreeBox(el).click();
    await settle(deepQuery(el, 'vk-prejoin')!);
    expect(deepText(el)).not.to.contain('The visit rules have changed');
    buttonByText(el, 'Join visit').click();
    await until(() => el.screen === 'lobby', 'joined (waiting for the resident)');

    expect(await consentHashes(visit, 'vis-rules')).to.deep.equal([current]);
  });

  it('sends the consent with the join also where none is required, so the ledger records it', async function () {
    this.timeout(90_000);
    const visit = uniqueVisit();
    const el = await fixture<VkVisit>(html`<vk-visit
      token-url=${tokenUrl(visit, { identity: 'vis-optional', name: 'Ana', role: 'visitor' })}
      visit-id=${visit.id}
      style="width: 640px"
      ><p slot="consent">${NEW_RULES}</p></vk-visit
    >`);
    open.push(el);
    await settle(el);
    buttonByText(el, 'Turn on camera and microphone').click();
    await until(() => el.client?.state === 'prejoin', 'the preview');
    // The early token (fetched without consent while getting ready) must not stand in for the consent.
    await until(() => el.client?.connectivity === 'ok', 'the early token');
    await settle(el);
    agreeBox(el).click();
    buttonByText(el, 'Join visit').click();
    await until(() => el.screen === 'lobby', 'joined (waiting for the resident)');
    expect(await consentHashes(visit, 'vis-optional')).to.deep.equal([await rulesSha256(NEW_RULES)]);
  });

  it('says so in Spanish', async () => {
    const client = new FakeVisitClient();
    const el = await fixture<VkVisit>(html`<vk-visit .client=${client} lang="es"
      ><p slot="consent">${NEW_RULES}</p></vk-visit
    >`);
    await client.startPreview();
    await settle(el);
    agreeBox(el).click();
    client.joinError = visitError('consent-outdated');
    buttonByText(el, 'Entrar a la visita').click();
    await until(() => client.calls.filter((c) => c.method === 'startPreview').length === 2, 'back to the preview');
    await until(() => el.screen === 'prejoin');
    await settle(el);
    await settle(deepQuery(el, 'vk-prejoin')!);
    expect(agreeBox(el).checked).to.equal(false);
    expect(deepText(el)).to.contain('Las reglas de la visita cambiaron después de que las aceptó.');
    await expect(el).to.be.accessible();
  });
});
