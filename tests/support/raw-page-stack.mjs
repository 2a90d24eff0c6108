// For e2e tests that drive raw livekit-client pages (not the widget) against the real server adapter: an HTTP
// server for the test's page and livekit-client's ESM build, a LiveKit whose webhooks go to the test visit API
// mounted on that server, and the polling helper those tests share.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { toNodeListener } from '@visitkit/server-adapter/node';
import { startLiveKit } from '../../scripts/lib/livekit-server.mjs';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { createTestVisitApi } from './test-visit-api.mjs';

/** Ceiling on a loaded 2-core machine, not a performance assertion. */
export const WAIT_MS = 30_000;

/**
 * Polls `check` every `intervalMs` until it returns something other than undefined/false, or fails the test with
 * `message`.
 * @template T
 * @param {() => T | undefined | false | Promise<T | undefined | false>} check
 * @returns {Promise<T>}
 */
export async function eventually(check, message, timeoutMs = WAIT_MS, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  assert.fail(`${message} (gave up after ${timeoutMs / 1000}s)`);
}

/** An ISO time `n` minutes from now. */
export const minutes = (n) => new Date(Date.now() + n * 60_000).toISOString();

/**
 * Serves `page` at `/` and livekit-client at `/livekit-client.esm.mjs`, starts LiveKit with its webhooks pointed at
 * the test visit API (`/api/visitkit/*` on the same server), and returns them; `stop()` stops both.
 *
 * @param {{ name: string, page: string, livekit?: Record<string, unknown>, handlerOptions?: Record<string, unknown> }} options
 *   `livekit`: more options of `startLiveKit` (e.g. `autoCreate`, `departureTimeout`); `handlerOptions`: of the adapter.
 */
export async function startRawPageStack({ name, page, livekit: livekitOptions = {}, handlerOptions }) {
  const livekitClient = await readFile(join(ROOT, 'node_modules/livekit-client/dist/livekit-client.esm.mjs'));
  let listener = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (path === '/livekit-client.esm.mjs') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(livekitClient);
    return listener(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const livekit = await startLiveKit({ name, webhookUrls: [`${baseUrl}/api/visitkit/livekit/webhook`], ...livekitOptions });
  const api = createTestVisitApi({ livekit, ...(handlerOptions ? { handlerOptions } : {}) });
  listener = toNodeListener(api.handler);
  return {
    baseUrl,
    livekit,
    api,
    async stop() {
      await livekit.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
