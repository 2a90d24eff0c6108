// Property tests (fast-check) for the elements' attributes and properties: `<vk-visit>`, `<vk-monitor>` and the
// parts get any attribute strings (and wrong-typed property values), with a scriptable client in any state.
// Never an uncaught exception; an invalid configuration is the typed `bad-request` error state the contract
// lists (config screen, one `vk-error`, one console error), a valid one is console-free and makes its client.
import { expect, fixture, html } from '@open-wc/testing';
import fc from 'fast-check';
import type { VisitEndInfo, VisitError, VisitState } from '@visitkit/core';
import type { Ledger } from '@visitkit/core/protocol';
import { FakeVisitClient, participant, sampleVisit } from './test-support/fake-visit-client.js';
import { settle } from './test-support/dom.js';
import type { VisitClientInit } from './visit-client-like.js';
import type { StaffActions } from './components/vk-monitor/vk-monitor.component.js';
import type { VkVisit } from './components/vk-visit/vk-visit.component.js';
import './index.js';

const STATES: readonly VisitState[] = [
  'idle',
  'prejoin',
  'lobby',
  'connecting',
  'live',
  'reconnecting',
  'ended',
  'failed',
];

/** Attribute values a page (or an attacker-controlled template) might put there. */
const attrValue = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'v-42',
      'visit.1_~-',
      'x'.repeat(129),
      '/api/visitkit/visits/v-42/token',
      'https://portal.example/token',
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      '//portal.example/token',
      'http://[::1',
      '<img src=x onerror=alert(1)>',
      'es',
      'EN-us',
      'fr',
      'dark',
      'light',
      '0',
      '-5',
      'NaN',
      'Infinity',
      '1e10',
      '2147484',
      '3.5',
      'true',
    ),
  },
);

/** Captures what must never happen: uncaught errors and unhandled rejections. */
function watchUncaught(): { problems: unknown[]; stop: () => void } {
  const problems: unknown[] = [];
  const onError = (event: ErrorEvent): void => {
    problems.push(event.error ?? event.message);
  };
  const onRejection = (event: PromiseRejectionEvent): void => {
    problems.push(event.reason);
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    problems,
    stop: () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

/** console.error calls while `run` runs (the elements report invalid configuration there). */
async function consoleErrors(run: () => Promise<void>): Promise<unknown[][]> {
  const calls: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    calls.push(args);
  };
  try {
    await run();
  } finally {
    console.error = original;
  }
  return calls;
}

/** A scriptable client in any state, with odd data. */
const fakeClient = fc
  .record({
    state: fc.constantFrom(...STATES),
    names: fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constant('<script>x</script>')), { maxLength: 3 }),
    timeLeftMs: fc.option(fc.oneof(fc.integer({ min: -1e9, max: 1e12 }), fc.constant(Number.NaN)), { nil: undefined }),
    reason: fc.constantFrom<VisitEndInfo['reason']>(
      'left',
      'time-limit',
      'terminated',
      'removed',
      'network',
      'duplicate-session',
      'server-shutdown',
      'error',
    ),
    endMessage: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
  })
  .map(({ state, names, timeLeftMs, reason, endMessage }) => {
    const client = new FakeVisitClient('v-42');
    client.state = state;
    client.visit = sampleVisit();
    client.timeLeftMs = timeLeftMs;
    client.participants = names.map((name, i) => participant({ identity: `p-${i}`, name, isLocal: i === 0 }));
    if (state === 'ended') {
      client.endInfo = {
        reason,
        liveDurationMs: 0,
        endedAt: new Date(),
        ...(endMessage === undefined ? {} : { message: endMessage }),
      };
    }
    return client;
  });

const VISIT_ID = /^[A-Za-z0-9._~-]{1,128}$/;
function httpUrl(value: string | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

describe('elements, property-based (fast-check): any attributes and property values', () => {
  it('<vk-visit>: any attributes → config screen + one typed bad-request when invalid, a client and no console error when valid', async () => {
    let runs = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            'token-url': attrValue,
            'visit-id': attrValue,
            theme: attrValue,
            lang: attrValue,
            kiosk: attrValue,
            'inactivity-timeout': attrValue,
            'camera-device': attrValue,
            'microphone-device': attrValue,
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom(...STATES),
        async (attributes, state) => {
          runs += 1;
          const made: VisitClientInit[] = [];
          const clients: FakeVisitClient[] = [];
          const watch = watchUncaught();
          const errors: VisitError[] = [];
          let resets = 0;
          const logged = await consoleErrors(async () => {
            const el = document.createElement('vk-visit');
            el.createClient = (init) => {
              made.push(init);
              const client = new FakeVisitClient(init.visitId);
              client.state = state;
              clients.push(client);
              return client;
            };
            el.addEventListener('vk-error', (event) =>
              errors.push((event as CustomEvent<{ error: VisitError }>).detail.error),
            );
            el.addEventListener('vk-reset', () => (resets += 1));
            for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
            document.body.append(el);
            try {
              await settle(el);
              // A kiosk's inactivity timer must not fire right away, whatever the attribute says (≥ 1 s).
              await new Promise((resolve) => setTimeout(resolve, 5));
              await settle(el);
              const valid = VISIT_ID.test(attributes['visit-id'] ?? '') && httpUrl(attributes['token-url']);
              if (valid) {
                expect(made.length, 'one client').to.equal(1);
                expect(made[0]?.visitId).to.equal(attributes['visit-id']);
                expect(el.screen).to.not.equal('config');
              } else {
                expect(made, 'no client for an invalid configuration').to.deep.equal([]);
                expect(el.screen).to.equal('config');
                expect(
                  errors.some((e) => e.code === 'bad-request'),
                  'a bad-request vk-error',
                ).to.equal(true);
              }
              for (const error of errors) expect(error.code).to.equal('bad-request');
              expect(resets, 'vk-reset right after mounting').to.equal(0);
            } finally {
              el.remove();
              await new Promise((resolve) => setTimeout(resolve, 0));
            }
          });
          watch.stop();
          expect(watch.problems, 'uncaught errors').to.deep.equal([]);
          // Reported once per problem (vk-error), and nothing else on the console.
          expect(logged.length, JSON.stringify(logged)).to.equal(errors.length);
          // Removing the element leaves the client it made.
          for (const client of clients)
            expect(
              client.calls.some((c) => c.method === 'leave'),
              'owned client left',
            ).to.equal(true);
        },
      ),
      { numRuns: 150 },
    );
    console.log(`[property] vk-visit: ${runs} attribute sets in ${Math.round(performance.now() - started)} ms`);
    expect(runs).to.equal(150);
  });

  it('<vk-monitor>: any attributes, a client in any state → no uncaught error; invalid → config error and no running client', async () => {
    let runs = 0;
    const started = performance.now();
    const ledger: Ledger | undefined = undefined;
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { 'api-base': attrValue, 'token-url': attrValue, 'visit-id': attrValue, theme: attrValue, lang: attrValue },
          { requiredKeys: [] },
        ),
        fc.record({ 'api-base': attrValue, 'visit-id': attrValue }, { requiredKeys: [] }),
        fakeClient,
        async (attributes, later, template) => {
          runs += 1;
          const clients: FakeVisitClient[] = [];
          const watch = watchUncaught();
          const staff: StaffActions = {
            warn: async () => undefined,
            mute: async () => undefined,
            terminate: async () => undefined,
            ledger: async () => {
              if (!ledger) throw new Error('no ledger in this test');
              return ledger;
            },
          };
          await consoleErrors(async () => {
            const el = document.createElement('vk-monitor');
            // The page's own staff actions: the element then never calls an arbitrary api-base.
            el.staff = staff;
            el.createClient = (init) => {
              const client = new FakeVisitClient(init.visitId);
              Object.assign(client, {
                state: template.state,
                visit: template.visit,
                participants: template.participants,
                endInfo: template.endInfo,
              });
              clients.push(client);
              return client;
            };
            for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
            document.body.append(el);
            try {
              await settle(el);
              for (const [name, value] of Object.entries(later)) el.setAttribute(name, value);
              await settle(el);
              const final = { ...attributes, ...later };
              const valid =
                VISIT_ID.test(final['visit-id'] ?? '') &&
                httpUrl(final['api-base']) &&
                (!final['token-url'] || httpUrl(final['token-url']));
              const running = clients.filter((c) => !c.calls.some((call) => call.method === 'leave'));
              if (valid) expect(running.length, 'one client').to.equal(1);
              else expect(running, 'no client left running with an invalid configuration').to.deep.equal([]);
            } finally {
              el.remove();
              await new Promise((resolve) => setTimeout(resolve, 0));
            }
          });
          watch.stop();
          expect(watch.problems, 'uncaught errors').to.deep.equal([]);
        },
      ),
      { numRuns: 100 },
    );
    console.log(`[property] vk-monitor: ${runs} attribute sets in ${Math.round(performance.now() - started)} ms`);
    expect(runs).to.equal(100);
  });

  it('the parts: any attributes and property values, a client in any state → no uncaught error', async () => {
    const tags = [
      'vk-prejoin',
      'vk-stage',
      'vk-tile',
      'vk-controls',
      'vk-notice',
      'vk-timer',
      'vk-end-screen',
      'vk-device-select',
    ] as const;
    let runs = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tags),
        fc.record(
          {
            lang: attrValue,
            kiosk: attrValue,
            kind: attrValue,
            local: attrValue,
            speaking: attrValue,
            agreed: attrValue,
          },
          { requiredKeys: [] },
        ),
        fc.option(fakeClient, { nil: undefined }),
        fc.record(
          {
            lang: fc.oneof(fc.string({ maxLength: 10 }), fc.constant(null), fc.integer()),
            kiosk: fc.oneof(fc.boolean(), fc.constant('yes'), fc.constant(0)),
            participant: fc.oneof(
              fc.constant(undefined),
              fc.constant(null),
              fc.string({ maxLength: 20 }).map((name) => participant({ identity: 'p', name })),
            ),
            info: fc.oneof(
              fc.constant(undefined),
              fc.constant(null),
              fc.record({
                reason: fc.constantFrom<VisitEndInfo['reason']>('left', 'terminated', 'error'),
                liveDurationMs: fc.oneof(fc.integer(), fc.constant(Number.NaN)),
                endedAt: fc.date(),
              }),
            ),
          },
          { requiredKeys: [] },
        ),
        async (tag, attributes, client, properties) => {
          runs += 1;
          const watch = watchUncaught();
          await consoleErrors(async () => {
            const el = document.createElement(tag) as unknown as HTMLElement & Record<string, unknown>;
            for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
            for (const [name, value] of Object.entries(properties)) el[name] = value;
            el.client = client;
            document.body.append(el);
            try {
              await settle(el);
              client?.emit('participants', client.participants);
              client?.emit('warning', { secondsLeft: 60, source: 'server' });
              client?.emit('announcement', { code: 'conduct', message: '<b>hi</b>' });
              await settle(el);
            } finally {
              el.remove();
            }
          });
          watch.stop();
          expect(watch.problems, `uncaught errors in <${tag}>`).to.deep.equal([]);
        },
      ),
      { numRuns: 500 },
    );
    console.log(`[property] parts: ${runs} elements in ${Math.round(performance.now() - started)} ms`);
    expect(runs).to.equal(500);
  });

  it('a kiosk whose inactivity-timeout is huge, infinite or not a number does not return to the start screen at once', async () => {
    // Found by the property above: timers longer than 2^31-1 ms fire immediately, so `inactivity-timeout="1e10"`
    // (or "Infinity") reset the station in a loop.
    for (const value of ['1e10', 'Infinity', '2147484', 'NaN', '-5']) {
      const client = new FakeVisitClient('v-42');
      client.state = 'prejoin';
      let resets = 0;
      let el: VkVisit | undefined;
      await consoleErrors(async () => {
        el = await fixture<VkVisit>(html`<vk-visit kiosk inactivity-timeout=${value} .client=${client}></vk-visit>`);
        el.addEventListener('vk-reset', () => (resets += 1));
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
      expect(resets, `inactivity-timeout="${value}"`).to.equal(0);
      el?.remove();
    }
  });

  it('a visit-id or token-url property that is not a string is a configuration error, not a visit id "null"', async () => {
    const made: VisitClientInit[] = [];
    const el = document.createElement('vk-visit');
    el.createClient = (init) => {
      made.push(init);
      return new FakeVisitClient(init.visitId);
    };
    (el as unknown as { visitId: unknown }).visitId = null;
    el.tokenUrl = '/api/visitkit/visits/v-42/token';
    await consoleErrors(async () => {
      document.body.append(el);
      await settle(el);
    });
    expect(made).to.deep.equal([]);
    expect(el.screen).to.equal('config');
    el.remove();
  });
});
