// Serves the raw livekit-client page (index.html + smoke-page.mjs + livekit-client's ESM build) over node:http.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/lib/paths.mjs';

const here = join(ROOT, 'tests/support/smoke-page');
const livekitClient = join(ROOT, 'node_modules/livekit-client/dist/livekit-client.esm.mjs');
const routes = {
  '/': [join(here, 'index.html'), 'text/html; charset=utf-8'],
  '/smoke-page.mjs': [join(here, 'smoke-page.mjs'), 'text/javascript; charset=utf-8'],
  '/livekit-client.esm.mjs': [livekitClient, 'text/javascript; charset=utf-8'],
  '/livekit-client.esm.mjs.map': [`${livekitClient}.map`, 'application/json'],
};

/**
 * Starts the page server on a free loopback port.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 * @example
 * const pageServer = await startSmokePageServer();
 * await page.goto(pageServer.url);
 * await page.evaluate(([url, token]) => window.smoke.join(url, token), [livekit.url, token]);
 */
export async function startSmokePageServer() {
  /** @type {import('node:http').RequestListener} */
  const serve = async (req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(route[0]);
      res.writeHead(200, { 'content-type': route[1], 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(500).end();
    }
  };
  // node:http ignores a listener's promise; `serve` answers every request itself, errors included.
  const server = createServer((req, res) => void serve(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
