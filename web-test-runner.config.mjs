// Browser suite: @web/test-runner in the system Chromium (headless, fake camera + microphone) against a real
// LiveKit server and the real server adapter, mounted at /api/visitkit on the dev server's own origin.
// Run through `npm test` / `node scripts/test.mjs browser` (after `npm run build`), or directly:
//   npx web-test-runner --config web-test-runner.config.mjs [--files <glob>]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter as perTestReporter } from '@web/test-runner';
import { freeTcpPort, startLiveKit } from './scripts/lib/livekit-server.mjs';
import { ROOT } from './scripts/lib/paths.mjs';
import { browserTestFiles } from './scripts/lib/test-files.mjs';
import { chromiumArgs, chromiumPath } from './tests/support/browser.mjs';
import { fetchHandlerMiddleware } from './tests/support/wtr-fetch-middleware.mjs';
import { summaryReporter } from './tests/support/wtr-summary-reporter.mjs';
import { livekitAdminMiddleware } from './tests/support/wtr-livekit-admin.mjs';

const HOST = '127.0.0.1';
const API_BASE = '/api/visitkit';
const port = await freeTcpPort();
const devServerUrl = `http://${HOST}:${port}`;

const livekit = await startLiveKit({ webhookUrls: [`${devServerUrl}${API_BASE}/livekit/webhook`], name: 'browser' });
console.log(`[wtr] LiveKit ${livekit.url} (log: ${livekit.logFile ?? 'external server'})`);

/** The test identity API (tests/support/test-visit-api.mjs, from the server-adapter work), if it exists yet. */
async function visitApiMiddleware() {
  const file = join(ROOT, 'tests/support/test-visit-api.mjs');
  if (!existsSync(file)) {
    console.log(`[wtr] note: ${API_BASE} is NOT mounted — tests/support/test-visit-api.mjs does not exist yet.`);
    return [];
  }
  const { createTestVisitApi } = await import(pathToFileURL(file).href);
  const api = await createTestVisitApi({ livekit, basePath: API_BASE });
  console.log(`[wtr] ${API_BASE}/* → tests/support/test-visit-api.mjs`);
  return [fetchHandlerMiddleware(API_BASE, api.handler)];
}

// msw's worker must be served from the root for scope `/`.
const mswWorker = join(ROOT, 'node_modules/msw/lib/mockServiceWorker.js');
function mswWorkerMiddleware(ctx, next) {
  if (ctx.path !== '/mockServiceWorker.js') return next();
  ctx.type = 'application/javascript';
  ctx.set('Service-Worker-Allowed', '/');
  ctx.set('Cache-Control', 'no-store');
  ctx.body = readFileSync(mswWorker, 'utf8');
  return undefined;
}

/** Stops the LiveKit server when the dev server stops (the process-exit hook is the backstop). */
const livekitLifecycle = {
  name: 'visitkit-livekit',
  async serverStop() {
    await livekit.stop();
  },
};

const files = process.env.VISITKIT_WTR_FILES ? process.env.VISITKIT_WTR_FILES.split(',') : browserTestFiles();
const concurrency = Number(process.env.VISITKIT_WTR_CONCURRENCY ?? 1);

export default {
  rootDir: ROOT,
  files,
  hostname: HOST,
  port,
  // Import the packages' TypeScript sources (the `source` export condition), the browser builds of dependencies.
  nodeResolve: { exportConditions: ['source', 'browser'] },
  // /__test/livekit/*: tokens minted outside the adapter and server-sent data, for the trust tests.
  middleware: [mswWorkerMiddleware, livekitAdminMiddleware(livekit), ...(await visitApiMiddleware())],
  plugins: [
    // The plugin passes this file to esbuild verbatim (no `extends`): it must hold experimentalDecorators & co.
    esbuildPlugin({ ts: true, tsconfig: join(ROOT, 'tsconfig.base.json'), target: 'auto' }),
    livekitLifecycle,
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs },
    }),
  ],
  // One test file at a time: 2 cores are shared by Chromium, LiveKit and the dev server, and in a run with two
  // real-media pages at once a <vk-prejoin> test timed out that passes alone. VISITKIT_WTR_CONCURRENCY=2 to try more.
  concurrency,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 10 * 60_000,
  testFramework: { config: { timeout: 30_000 } },
  staticLogging: Boolean(process.env.CI) || !process.stdout.isTTY,
  reporters: [defaultReporter(), perTestReporter({ flatten: false }), summaryReporter()],
};
