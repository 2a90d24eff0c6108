import { expect, fixture, html } from '@open-wc/testing';
import { deepQuery, deepText, settle } from '../test-support/dom.js';
import { FakeVisitClient, sampleVisit } from '../test-support/fake-visit-client.js';
import '../components/vk-notice/vk-notice.js';
import '../components/vk-visit/vk-visit.js';
import type { VkNotice } from '../components/vk-notice/vk-notice.component.js';
import type { VkVisit } from '../components/vk-visit/vk-visit.component.js';
import { isRtl, toLang } from './catalog.js';
import { overrideMessages, registerLanguage, translate } from './translate.js';

/** Runs `body` with `console.warn` recorded (and silenced); returns what was warned. */
async function warningsOf(body: () => unknown): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    await body();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('registerLanguage (a language from the embedding page)', () => {
  it('renders the elements in it; a missing message or one with other placeholders is English, with a warning', async () => {
    const warnings = await warningsOf(() =>
      registerLanguage('pl', {
        'notice.monitoredOnly': 'Ta wizyta jest monitorowana.',
        'timer.left': 'Pozostało {czas}',
      }),
    );
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('"pl"').and.contain('timer.left').and.contain('notice.privileged');
    expect(warnings[0]).not.to.contain('notice.monitoredOnly');
    expect(toLang('pl-PL')).to.equal('pl');
    expect(isRtl('pl')).to.equal(false);
    expect(translate('pl', 'timer.left', { time: '04:59' })).to.equal('04:59 left');

    const client = new FakeVisitClient();
    const el = await fixture<VkNotice>(html`<vk-notice lang="pl-PL" .client=${client}></vk-notice>`);
    client.setVisit(sampleVisit({ monitored: true, recorded: false }));
    await el.updateComplete;
    expect(deepText(el)).to.equal('Ta wizyta jest monitorowana.');
    client.setVisit(sampleVisit({ kind: 'privileged', monitored: false, recorded: false }));
    await el.updateComplete;
    expect(deepText(el)).to.equal('This visit is not recorded or monitored.');

    overrideMessages('pl', { 'notice.privileged': 'Ta wizyta nie jest nagrywana ani monitorowana.' });
    el.requestUpdate();
    await el.updateComplete;
    expect(deepText(el)).to.equal('Ta wizyta nie jest nagrywana ani monitorowana.');
  });

  it('refuses what is not a catalog, and registers nothing then', () => {
    expect(() => registerLanguage('de', 'Hallo')).to.throw(TypeError, /must be an object/);
    expect(() => registerLanguage('de', ['Hallo'])).to.throw(TypeError, /must be an object/);
    expect(() => registerLanguage('de', { 'prejoin.typo': 'Hallo' })).to.throw(TypeError, /unknown message key/);
    expect(() => registerLanguage('de', { 'prejoin.join': 42 })).to.throw(TypeError, /must be a string/);
    expect(() => registerLanguage('de', {}, { dir: 'up' as never })).to.throw(TypeError, /dir/);
    expect(toLang('de')).to.equal(undefined);
    expect(() => registerLanguage('es', {})).to.throw(TypeError, /built in/);
    expect(() => registerLanguage('Deutsch', {})).to.throw(TypeError, /primary language subtag/);
    expect(() => overrideMessages('de', { 'prejoin.join': 'Beitreten' })).to.throw(TypeError, /unknown language/);
    expect(translate('es', 'prejoin.join')).to.equal('Entrar a la visita');
  });

  it('lays the widget out right to left for a language registered with dir: "rtl"', async () => {
    const warnings = await warningsOf(() =>
      registerLanguage('fa', { 'prejoin.join': 'پیوستن به ملاقات' }, { dir: 'rtl' }),
    );
    expect(warnings).to.have.length(1);
    expect(isRtl('fa')).to.equal(true);
    const el = await fixture<VkVisit>(html`<vk-visit lang="fa" .client=${new FakeVisitClient()}></vk-visit>`);
    await settle(el);
    const app = deepQuery(el, '.app')!;
    expect(app.getAttribute('dir')).to.equal('rtl');
    expect(app.getAttribute('lang')).to.equal('fa');
    expect(deepText(el)).to.contain('پیوستن به ملاقات');
  });
});
