// launchPortal reports a port someone else holds as a PortTakenError (the portal exits with code 98), so callers
// that picked a free port and lost it before the bind (tests/support/portal.mjs, cluster.mjs) can pick another.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { launchPortal, PortTakenError } from './launch.mjs';

test('a port already in use is a PortTakenError naming the port', async () => {
  const holder = createServer();
  await new Promise((resolve) => holder.listen(0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (holder.address()).port;
  const dir = mkdtempSync(join(tmpdir(), 'vk-launch-'));
  try {
    await assert.rejects(
      launchPortal({
        port,
        livekit: {
          url: 'ws://127.0.0.1:9',
          apiKey: 'APIlaunch',
          apiSecret: 'launch-secret-0123456789abcdef0123456789',
        },
        dataDir: join(dir, 'pglite'),
        log: join(dir, 'portal.log'),
      }),
      (error) => error instanceof PortTakenError && error.port === port,
    );
  } finally {
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
