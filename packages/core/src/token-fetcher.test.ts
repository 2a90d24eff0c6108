import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import { fetchToken } from './token-fetcher.js';
import { VisitClient } from './visit-client.js';
import { VisitError } from './visit-error.js';
import { openVisit, quietLogger, tokenResponse } from './test-support/fixtures.js';

// A path of its own, so the mocks never meet the real token route other test files use.
const URL = '/msw-core/visits/v1/token';
const worker = setupWorker();
const fast = { retries: 3, backoffMs: 5 };

async function rejection(promise: Promise<unknown>): Promise<VisitError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(VisitError);
    return error as VisitError;
  }
  throw new Error('expected a rejection');
}

describe('token fetch against HTTP faults (msw)', () => {
  before(async () => {
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledFrame: 'bypass', quiet: true });
  });
  afterEach(() => worker.resetHandlers());
  after(() => worker.stop());

  it('retries a 503 and succeeds with the following 200, sending the consent', async () => {
    const bodies: unknown[] = [];
    let calls = 0;
    worker.use(
      http.post(URL, async ({ request }) => {
        bodies.push(await request.json());
        calls += 1;
        if (calls === 1) {
          return HttpResponse.json({ error: { code: 'internal', message: 'busy' } }, { status: 503 });
        }
        return HttpResponse.json(tokenResponse(openVisit('v1')));
      }),
    );
    const consent = { accepted_at: new Date().toISOString() };
    const token = await fetchToken(
      { visitId: 'v1', tokenUrl: URL, ...fast },
      { consent },
      new AbortController().signal,
    );
    expect(calls).to.equal(2);
    expect(bodies[1]).to.deep.equal({ consent });
    expect(token.response.visit.id).to.equal('v1');
  });

  it('gives up after the bounded number of retries on network errors', async () => {
    let calls = 0;
    worker.use(
      http.post(URL, () => {
        calls += 1;
        return HttpResponse.error();
      }),
    );
    const error = await rejection(
      fetchToken({ visitId: 'v1', tokenUrl: URL, ...fast }, {}, new AbortController().signal),
    );
    expect(error.code).to.equal('server-unreachable');
    expect(error.retryable).to.equal(true);
    expect(calls).to.equal(4);
  });

  it('rejects a malformed 200 body as invalid-response without retrying', async () => {
    let calls = 0;
    worker.use(
      http.post(URL, () => {
        calls += 1;
        return HttpResponse.json({ server_url: 'ws://x', participant_token: 42 });
      }),
    );
    const error = await rejection(
      fetchToken({ visitId: 'v1', tokenUrl: URL, ...fast }, {}, new AbortController().signal),
    );
    expect(error.code).to.equal('invalid-response');
    expect(calls).to.equal(1);
  });

  const refusals = [
    { status: 403, code: 'forbidden' },
    { status: 409, code: 'not-open-yet' },
    { status: 409, code: 'visit-full' },
    { status: 428, code: 'consent-required' },
    { status: 429, code: 'rate-limited' },
  ] as const;
  for (const { status, code } of refusals) {
    it(`maps ${status} ${code} to a typed error and never retries it`, async () => {
      let calls = 0;
      worker.use(
        http.post(URL, () => {
          calls += 1;
          return HttpResponse.json({ error: { code, message: `no: ${code}` } }, { status });
        }),
      );
      const error = await rejection(
        fetchToken({ visitId: 'v1', tokenUrl: URL, ...fast }, {}, new AbortController().signal),
      );
      expect(error.code).to.equal(code);
      expect(error.status).to.equal(status);
      expect(calls).to.equal(1);
    });
  }

  it('maps a 4xx with a body that is not ours to invalid-response', async () => {
    worker.use(http.post(URL, () => new HttpResponse('<html>nope</html>', { status: 404 })));
    const error = await rejection(
      fetchToken({ visitId: 'v1', tokenUrl: URL, ...fast }, {}, new AbortController().signal),
    );
    expect(error.code).to.equal('invalid-response');
    expect(error.status).to.equal(404);
  });

  it('join() fails with the typed error and the client may retry from failed', async () => {
    worker.use(
      http.post(URL, () =>
        HttpResponse.json({ error: { code: 'consent-required', message: 'consent' } }, { status: 428 }),
      ),
    );
    const client = new VisitClient({ visitId: 'v1', tokenUrl: URL, logger: quietLogger });
    const errors: string[] = [];
    client.on('error', (error) => errors.push(error.code));
    const error = await rejection(client.join());
    expect(error.code).to.equal('consent-required');
    expect(client.state).to.equal('failed');
    expect(client.lastError?.code).to.equal('consent-required');
    expect(errors).to.deep.equal(['consent-required']);
    await client.leave();
  });

  it('leave() aborts a slow token request: join rejects as aborted and the visit ends as left', async () => {
    let requestSeen!: () => void;
    const seen = new Promise<void>((resolve) => (requestSeen = resolve));
    // The page's abort does not reach the handler (it runs behind the service worker), and msw 3's worker waits
    // for the page's requests in flight before `worker.stop()` resolves: the answer is held until the test is done
    // with it, not forever.
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    worker.use(
      http.post(URL, async () => {
        requestSeen();
        await answered;
        return HttpResponse.json(tokenResponse(openVisit('v1')));
      }),
    );
    const client = new VisitClient({ visitId: 'v1', tokenUrl: URL, logger: quietLogger });
    const joining = client.join();
    try {
      await seen;
      expect(client.state).to.equal('connecting');
      await client.leave();
      const error = await rejection(joining);
      expect(error.code).to.equal('aborted');
      expect(client.state).to.equal('ended');
      expect(client.endInfo?.reason).to.equal('left');
    } finally {
      answer();
    }
  });

  it('validates what a tokenProvider returns, too', async () => {
    const client = new VisitClient({
      visitId: 'v1',
      tokenProvider: async () => ({ hello: 'world' }),
      logger: quietLogger,
    });
    const error = await rejection(client.join());
    expect(error.code).to.equal('invalid-response');
    await client.leave();
  });
});
