import { expect } from '@open-wc/testing';
import { StaffApi } from './staff-api.js';
import { VisitError } from './visit-error.js';

interface Call {
  url: string;
  method: string;
  body: unknown;
}

/** A fetch that records what it was asked and answers with `respond`. */
function recordingFetch(respond: (call: Call) => Response | Promise<Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call = {
      url: input instanceof Request ? input.url : String(input),
      method: init?.method ?? 'GET',
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fake, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function rejection(promise: Promise<unknown>): Promise<VisitError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VisitError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('StaffApi', () => {
  it('posts validated bodies to the visit routes under the api base', async () => {
    const { fetch, calls } = recordingFetch(() => new Response(null, { status: 204 }));
    const staff = new StaffApi({ apiBase: '/api/visitkit/', visitId: 'v-1', fetch });
    await staff.warn({ code: 'language', message: '  Please keep it civil ' });
    await staff.mute({ identity: 'visitor-1', track: 'audio' });
    await staff.terminate({ reason: 'Conduct' });
    expect(calls).to.deep.equal([
      {
        url: '/api/visitkit/visits/v-1/warn',
        method: 'POST',
        body: { code: 'language', message: 'Please keep it civil' },
      },
      { url: '/api/visitkit/visits/v-1/mute', method: 'POST', body: { identity: 'visitor-1', track: 'audio' } },
      { url: '/api/visitkit/visits/v-1/terminate', method: 'POST', body: { reason: 'Conduct' } },
    ]);
  });

  it('refuses an invalid body without calling the server', async () => {
    const { fetch, calls } = recordingFetch(() => new Response(null, { status: 204 }));
    const staff = new StaffApi({ apiBase: '/api/visitkit', visitId: 'v-1', fetch });
    const error = await rejection(staff.terminate({ reason: '   ' }));
    expect(error.code).to.equal('bad-request');
    expect(calls).to.have.length(0);
  });

  it('refuses a visit id that would change the path', () => {
    expect(() => new StaffApi({ apiBase: '/api', visitId: '../admin' })).to.throw(VisitError);
  });

  it('turns error bodies into typed errors with their status', async () => {
    const { fetch } = recordingFetch(() =>
      json({ error: { code: 'privileged-visit', message: 'Privileged visits cannot be monitored.' } }, 403),
    );
    const staff = new StaffApi({ apiBase: '/api/visitkit', visitId: 'v-1', fetch });
    const error = await rejection(staff.warn({ code: 'conduct' }));
    expect(error.code).to.equal('privileged-visit');
    expect(error.status).to.equal(403);
  });

  it('reports an unreachable server as retryable', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    const staff = new StaffApi({ apiBase: '/api/visitkit', visitId: 'v-1', fetch });
    const error = await rejection(staff.ledger());
    expect(error.code).to.equal('server-unreachable');
    expect(error.retryable).to.equal(true);
  });

  it('reads the ledger and rejects an answer that is not a ledger', async () => {
    let answer: unknown = {
      visitId: 'v-1',
      participants: [{ identity: 'r1', role: 'resident', intervals: [], connectedSeconds: 70, consents: [] }],
      billableSeconds: 61,
      bothConnectedSeconds: 61,
      unbilled: [],
      firstJoinedAt: '2026-01-01T10:00:00.000Z',
      end: null,
      staffActions: [],
      eventCount: 4,
    };
    const { fetch, calls } = recordingFetch(() => json(answer));
    const staff = new StaffApi({ apiBase: '/api/visitkit', visitId: 'v-1', fetch });
    const ledger = await staff.ledger();
    expect(ledger.bothConnectedSeconds).to.equal(61);
    expect(calls[0]).to.include({ url: '/api/visitkit/visits/v-1/ledger', method: 'GET' });
    answer = { visitId: 'v-1', bothConnectedSeconds: 'a lot' };
    expect((await rejection(staff.ledger())).code).to.equal('invalid-response');
  });
});
