// Property tests (fast-check) for the token boundary as the client parses it: the token URL answers anything
// (msw) — any status, content type, JSON or not, truncated, huge, wrong shapes, extra fields, error envelopes
// with unknown codes, network failures. Every outcome is a validated token or a typed VisitError from the
// closed list; never another exception, an unhandled rejection or a hang.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { ERROR_STATUS } from './protocol/errors.js';
import { TokenResponseSchema } from './protocol/token.js';
import { fetchToken } from './token-fetcher.js';
import { VisitClient } from './visit-client.js';
import { VisitError } from './visit-error.js';
import type { VisitErrorCode } from './visit-error.js';
import { openVisit, quietLogger, tokenResponse } from './test-support/fixtures.js';

// A path of its own, so the mocks never meet the real token route other test files use.
const URL = '/msw-property/visits/v1/token';
const worker = setupWorker();

/** The codes a token request may fail with (VisitError's token-endpoint codes, plus `aborted`). */
const TOKEN_ERROR_CODES: readonly VisitErrorCode[] = [
  'unauthenticated',
  'forbidden',
  'privileged-visit',
  'not-found',
  'not-open-yet',
  'visit-ended',
  'visit-full',
  'visit-terminated',
  'consent-required',
  'consent-outdated',
  'rate-limited',
  'bad-request',
  'server-unreachable',
  'invalid-response',
];

/** What the token URL answers: a network failure, or a status, a content type and a body (text). */
type Answer =
  { kind: 'network-error' } | { kind: 'response'; status: number; contentType: string | undefined; body: string };

const valid = (): Record<string, unknown> => ({ ...tokenResponse(openVisit('v1')) });

/** A valid token response with fields removed, replaced by anything, or added. */
const mutatedToken = fc
  .record({
    drop: fc.subarray(Object.keys(valid())),
    replace: fc.dictionary(fc.constantFrom(...Object.keys(valid()), 'visit'), fc.anything({ maxDepth: 2 }), {
      maxKeys: 3,
    }),
    extra: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  })
  .map(({ drop, replace, extra }) => {
    const body = { ...extra, ...valid(), ...replace };
    for (const key of drop) delete body[key];
    return body;
  });

/** An error envelope, ours or almost ours: known and unknown codes, odd messages, missing parts. */
const errorEnvelope = fc.record(
  {
    error: fc.record(
      {
        code: fc.oneof(fc.constantFrom(...Object.keys(ERROR_STATUS), 'consent-outdated'), fc.string({ maxLength: 70 })),
        message: fc.oneof(fc.string({ maxLength: 50 }), fc.constant('x'.repeat(1001)), fc.integer()),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const jsonBody = fc.oneof(
  { weight: 3, arbitrary: mutatedToken },
  { weight: 1, arbitrary: fc.constant(valid()) },
  { weight: 3, arbitrary: errorEnvelope },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const body = fc.oneof(
  { weight: 6, arbitrary: jsonBody.map((value) => JSON.stringify(value) ?? '') },
  // Truncated JSON: a prefix of a real answer.
  {
    weight: 2,
    arbitrary: fc.tuple(jsonBody, fc.nat()).map(([value, n]) => {
      const text = JSON.stringify(value) ?? '';
      return text.slice(0, n % (text.length + 1));
    }),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('<html><body>502 Bad Gateway</body></html>', '', 'null', '"ok"', '[]', '{}'),
  },
  // Huge: a 2 MB string field, and 100k nested-free array items.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      JSON.stringify({ ...valid(), participant_token: 'x'.repeat(2_000_000) }),
      `[${'0,'.repeat(100_000)}0]`,
    ),
  },
);

const status = fc.oneof(
  fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 415, 428, 429, 500, 502, 503, 504),
  fc.integer({ min: 200, max: 599 }),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/html',
  'text/plain',
  'application/octet-stream',
  undefined,
);

const answer: fc.Arbitrary<Answer> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Answer>({ kind: 'network-error' }) },
  {
    weight: 8,
    arbitrary: fc.record({ status, contentType, body }).map((r): Answer => ({ kind: 'response', ...r })),
  },
  // Closer to real answers: a success status with a (mutated) token, an error status with an envelope.
  {
    weight: 2,
    arbitrary: fc
      .record({ status: fc.constantFrom(200, 201), body: fc.oneof(fc.constant(valid()), mutatedToken) })
      .map(({ status: s, body: b }): Answer => ({
        kind: 'response',
        status: s,
        contentType: 'application/json',
        body: JSON.stringify(b),
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ status: fc.oneof(fc.constantFrom(...Object.values(ERROR_STATUS)), status), body: errorEnvelope })
      .map(({ status: s, body: b }): Answer => ({
        kind: 'response',
        status: s,
        contentType: 'application/json',
        body: JSON.stringify(b),
      })),
  },
);

let current: Answer = { kind: 'network-error' };
let workerRunning = false;

function respond(a: Answer): Response {
  if (a.kind === 'network-error') return HttpResponse.error();
  // Statuses that may not carry a body (the Response constructor refuses one).
  const nullBody = [204, 205, 304].includes(a.status);
  const headers: Record<string, string> = a.contentType ? { 'content-type': a.contentType } : {};
  return new HttpResponse(nullBody ? null : a.body, { status: a.status, headers });
}

/** Fails with `what` if `promise` has not settled within `ms`: a hang, not a slow answer. */
function withinCeiling<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

const unhandled: unknown[] = [];
const onUnhandled = (event: PromiseRejectionEvent): void => {
  unhandled.push(event.reason);
};

/** Checks a refusal: a VisitError with a code from the closed list, consistent with the answer's status. */
function expectTypedRefusal(error: unknown, a: Answer): void {
  expect(error, String(error)).to.be.instanceOf(VisitError);
  const { code, retryable } = error as VisitError;
  expect(TOKEN_ERROR_CODES, `code ${code}`).to.include(code);
  if (a.kind === 'network-error' || a.status >= 500) {
    expect(code).to.equal('server-unreachable');
    expect(retryable).to.equal(true);
  } else if (a.status < 300) {
    expect(code).to.equal('invalid-response');
  } else {
    expect(code, 'a 3xx/4xx is never reported as an outage').to.not.equal('server-unreachable');
  }
}

describe('token boundary, property-based (fast-check + msw)', function () {
  this.timeout(120_000);

  before(async () => {
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledFrame: 'bypass', quiet: true });
    worker.use(http.post(URL, () => respond(current)));
    workerRunning = true;
    window.addEventListener('unhandledrejection', onUnhandled);
  });
  after(async () => {
    window.removeEventListener('unhandledrejection', onUnhandled);
    if (workerRunning) await worker.stop();
  });

  it('fetchToken: a validated token or a typed VisitError, whatever the token URL answers', async () => {
    let runs = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        runs += 1;
        current = a;
        const outcome = await withinCeiling(
          fetchToken({ visitId: 'v1', tokenUrl: URL, retries: 1, backoffMs: 1 }, {}, new AbortController().signal).then(
            (token) => ({ token }),
            (error: unknown) => ({ error }),
          ),
          10_000,
          'fetchToken',
        );
        if ('token' in outcome) {
          expect(a.kind === 'response' && a.status >= 200 && a.status < 300, 'only a 2xx gives a token').to.equal(true);
          expect(TokenResponseSchema.safeParse(outcome.token.response).success).to.equal(true);
        } else {
          expectTypedRefusal(outcome.error, a);
        }
      }),
      { numRuns: 300 },
    );
    expect(unhandled, 'unhandled rejections').to.deep.equal([]);
    console.log(`[property] fetchToken: ${runs} answers in ${Math.round(performance.now() - started)} ms`);
    expect(runs).to.equal(300);
  });

  it('VisitClient: checkConnectivity never rejects, join() fails with a typed error and leaves the client retryable', async () => {
    // No 5xx or network failures here: VisitClient retries those with its real backoff (seconds); fetchToken's
    // property above covers them.
    const clientAnswer = answer.filter((a) => a.kind === 'response' && a.status < 500);
    // The answers come from VisitClient's injectable `fetch` here, not msw: msw's WebSocket interceptor makes
    // livekit-client throw an uncaught error when a validated token then fails to connect.
    await worker.stop();
    workerRunning = false;
    let runs = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(clientAnswer, async (a) => {
        runs += 1;
        current = a;
        const client = new VisitClient({
          visitId: 'v1',
          tokenUrl: URL,
          logger: quietLogger,
          fetch: async () => respond(a),
          // One attempt at the unreachable LiveKit (a join otherwise keeps trying for a minute).
          connectBudgetMs: 0,
        });
        try {
          const status = await withinCeiling(client.checkConnectivity(), 10_000, 'checkConnectivity');
          expect(['ok', 'unreachable']).to.include(status);
          const outcome = await withinCeiling(
            client.join().then(
              () => ({ joined: true }),
              (error: unknown) => ({ error }),
            ),
            20_000,
            'join',
          );
          if ('error' in outcome) {
            expect(outcome.error, String(outcome.error)).to.be.instanceOf(VisitError);
            const { code } = outcome.error as VisitError;
            // A token that passed validation fails later, at the (unreachable) LiveKit URL.
            expect([...TOKEN_ERROR_CODES, 'connection-failed'], `code ${code}`).to.include(code);
            expect(client.state).to.equal('failed');
            expect(client.lastError).to.equal(outcome.error);
          }
        } finally {
          await client.leave();
        }
      }),
      { numRuns: 40 },
    );
    expect(unhandled, 'unhandled rejections').to.deep.equal([]);
    console.log(`[property] VisitClient token path: ${runs} answers in ${Math.round(performance.now() - started)} ms`);
    expect(runs).to.equal(40);
  });

  it('join() with a valid token whose LiveKit is unreachable fails as connection-failed, retryable, not as an ended visit', async () => {
    // Found by the property above: LiveKit reports the failed attempt as a disconnect, which used to end the
    // visit (`network`) and make join() reject as `aborted`.
    const client = new VisitClient({
      visitId: 'v1',
      tokenUrl: URL,
      logger: quietLogger,
      fetch: async () => Response.json(tokenResponse(openVisit('v1'), { role: 'monitor' })),
      connectBudgetMs: 0,
    });
    try {
      const error = await client.join().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(VisitError);
      expect((error as VisitError).code).to.equal('connection-failed');
      expect((error as VisitError).retryable).to.equal(true);
      expect(client.state).to.equal('failed');
      expect(client.endInfo).to.equal(undefined);
    } finally {
      await client.leave();
    }
  });

  it('an error envelope that contradicts its status is not ours: the status decides', async () => {
    // Found by the property above: a 403 saying `internal` became a retryable `server-unreachable`.
    const cases: Array<[number, string, VisitErrorCode]> = [
      [403, 'internal', 'invalid-response'],
      [502, 'forbidden', 'server-unreachable'],
      [403, 'forbidden', 'forbidden'],
    ];
    for (const [status, code, expected] of cases) {
      const fetch = async (): Promise<Response> => Response.json({ error: { code, message: 'no' } }, { status });
      const error = await fetchToken(
        { visitId: 'v1', tokenUrl: URL, fetch, retries: 0 },
        {},
        new AbortController().signal,
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(VisitError);
      expect((error as VisitError).code, `${status} ${code}`).to.equal(expected);
      expect((error as VisitError).retryable, `${status} ${code}`).to.equal(status >= 500);
    }
  });
});
