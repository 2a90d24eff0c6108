import { expect } from '@open-wc/testing';
import { LANGS, toLang, type Lang, type MessageKey } from './catalog.js';
import { en } from './en.js';
import { CATALOGS, formatClock, formatDuration, overrideMessages, translate } from './translate.js';

const KEYS = Object.keys(en) as MessageKey[];
const translations = LANGS.filter((lang) => lang !== 'en');

describe('i18n', () => {
  it('has every English message translated in every language (not left in English)', () => {
    // Words a language borrows as they are ("Camera" is Vietnamese too).
    const sameOnPurpose: Partial<Record<Lang, MessageKey[]>> = { vi: ['device.videoinput'] };
    for (const lang of translations) {
      const same = ['device.unnamed', ...(sameOnPurpose[lang] ?? [])];
      const untranslated = KEYS.filter((key) => !same.includes(key) && CATALOGS[lang][key] === en[key]);
      expect(untranslated, lang).to.deep.equal([]);
    }
  });

  it('keeps the same placeholders in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const lang of translations) {
      for (const key of KEYS)
        expect(placeholders(CATALOGS[lang][key]), `${lang} ${key}`).to.deep.equal(placeholders(en[key]));
    }
  });

  it('lets the portal override any message of a language, and refuses unknown keys', () => {
    overrideMessages('es', { 'prejoin.heading': 'Prepárese para su visita en Riverside' });
    try {
      expect(translate('es', 'prejoin.heading')).to.equal('Prepárese para su visita en Riverside');
      expect(translate('en', 'prejoin.heading')).to.equal('Get ready for your visit');
      expect(translate('es', 'prejoin.join')).to.equal('Entrar a la visita');
      expect(() => overrideMessages('en', { 'prejoin.typo': 'x' } as never)).to.throw(
        /unknown message key "prejoin.typo"/,
      );
    } finally {
      overrideMessages('es', { 'prejoin.heading': CATALOGS.es['prejoin.heading'] });
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
