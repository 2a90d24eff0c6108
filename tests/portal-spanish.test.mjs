// End to end on the sample portal, in Spanish: a Spanish-speaking family member (his portal language is Spanish)
// and the resident's kiosk switched to Spanish go through prejoin, the visit and the end screen without a word
// of English in the widget, and the portal's own pages are in Spanish too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './support/browser.mjs';
import {
  eventually,
  joinFromWidget,
  openAs,
  remoteMedia,
  startPortalStack,
  visibleText,
  waitForState,
} from './support/portal.mjs';

const ES = { start: 'Encender cámara y micrófono', agree: 'He leído y acepto las reglas', join: 'Entrar a la visita' };

describe('portal: the Spanish UI end to end', () => {
  let stack;
  let browser;

  before(async () => {
    stack = await startPortalStack({ name: 'spanish' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('prejoin, live visit, leave and end screen in Spanish', async () => {
    const visit = await stack.createVisit({
      endIn: 600_000,
      recorded: true,
      monitored: true,
      participantIds: ['james', 'luis'],
    });
    const family = await openAs(browser, stack.url, 'luis', `/family/visits/${visit.id}`);
    const kiosk = await openAs(browser, stack.url, 'james', `/kiosk/visits/${visit.id}?lang=es`);
    for (const side of [family, kiosk]) {
      assert.equal(await side.page.getAttribute('html', 'lang'), 'es');
      assert.equal(await side.page.getAttribute('vk-visit', 'lang'), 'es');
    }
    assert.match(await visibleText(family.page), /Volver a la lista/);
    assert.match(await visibleText(family.page), /Prepárese|Encender cámara y micrófono/);

    await joinFromWidget(family.page, ES);
    await joinFromWidget(kiosk.page, ES);
    await waitForState(family.page, 'live');
    await waitForState(kiosk.page, 'live');
    await eventually(
      async () => (await remoteMedia(family.page)).some((p) => p.identity === 'james' && p.video && p.audio),
      'Luis sees and hears James',
    );
    for (const side of [family, kiosk]) {
      const text = await visibleText(side.page);
      assert.match(text, /Esta visita es supervisada y grabada\./);
      assert.doesNotMatch(text, /This visit is monitored|Leave visit|Mute microphone/);
    }

    await family.page.getByRole('button', { name: 'Salir de la visita' }).click();
    await family.page.getByRole('button', { name: 'Salir', exact: true }).click();
    await waitForState(family.page, 'ended');
    const endText = await visibleText(family.page);
    assert.match(endText, /La visita ha terminado/);
    assert.match(endText, /Usted salió de la visita\./);
    assert.doesNotMatch(endText, /The visit has ended|You left the visit/);

    const ledger = await eventually(async () => {
      const l = await stack.ledger(visit.id);
      return l.participants.some(
        (p) => p.identity === 'luis' && p.intervals.length > 0 && p.intervals.every((i) => i.leftAt),
      )
        ? l
        : undefined;
    }, 'the ledger records Luis leaving');
    assert.ok(ledger.bothConnectedSeconds > 0);
    for (const side of [family, kiosk]) await side.context.close();
  });
});
