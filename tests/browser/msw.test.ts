// Proves msw is wired into the browser suite: its service worker (served at /mockServiceWorker.js, scope `/`)
// answers the requests a test mocks — here an HTTP fault a real server will not produce on demand — and lets
// every other request through to the real dev server.
import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';

const worker = setupWorker(
  http.post('/api/visitkit/visits/:visitId/token', () =>
    HttpResponse.json({ error: { code: 'livekit-unavailable', message: 'LiveKit is down' } }, { status: 503 }),
  ),
);

describe('msw in the browser suite', () => {
  before(async () => {
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  });

  after(() => {
    worker.stop();
  });

  it('answers a mocked request with the handler response (503)', async () => {
    const response = await fetch('/api/visitkit/visits/v-1/token', { method: 'POST', body: '{}' });
    expect(response.status).to.equal(503);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).to.equal('livekit-unavailable');
  });

  it('lets unhandled requests through to the real server', async () => {
    const response = await fetch('/package.json');
    expect(response.status).to.equal(200);
    const pkg = (await response.json()) as { name: string };
    expect(pkg.name).to.equal('visitkit');
  });

  it('stops answering once the worker is stopped', async () => {
    worker.stop();
    const response = await fetch('/api/visitkit/visits/v-1/token', { method: 'POST', body: '{}' });
    expect(response.status).to.not.equal(503);
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true });
  });
});
