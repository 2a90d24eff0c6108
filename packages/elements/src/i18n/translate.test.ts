import { expect } from '@open-wc/testing';
import { toLang, type MessageKey } from './catalog.js';
import { en } from './en.js';
import { es } from './es.js';
import { formatClock, formatDuration, translate } from './translate.js';

describe('i18n', () => {
  it('has every English message translated to Spanish (not left in English)', () => {
    const sameOnPurpose: MessageKey[] = ['device.unnamed'];
    const untranslated = (Object.keys(en) as MessageKey[]).filter(
      (key) => !sameOnPurpose.includes(key) && es[key] === en[key],
    );
    expect(untranslated).to.deep.equal([]);
  });

  it('keeps the same placeholders in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(placeholders(es[key]), key).to.deep.equal(placeholders(en[key]));
    }
  });

  it('fills placeholders as text', () => {
    expect(translate('en', 'timer.left', { time: '<b>4:59</b>' })).to.equal('<b>4:59</b> left');
    expect(translate('es', 'end.rating', { number: 3 })).to.equal('3 de 5');
  });

  it('maps language tags to supported catalogs', () => {
    expect(toLang('es-MX')).to.equal('es');
    expect(toLang('EN')).to.equal('en');
    expect(toLang('fr')).to.equal(undefined);
    expect(toLang(null)).to.equal(undefined);
  });

  it('formats countdowns and durations with Intl', () => {
    expect(formatClock('en', 299_001)).to.equal('5:00');
    expect(formatClock('en', 3_725_000)).to.equal('1:02:05');
    expect(formatClock('en', -5)).to.equal('0:00');
    expect(formatDuration('en', 0)).to.equal('0 seconds');
    expect(formatDuration('en', 3_661_000)).to.equal('1 hour 1 minute 1 second');
    expect(formatDuration('es', 125_000)).to.equal('2 minutos 5 segundos');
  });
});
