// A sample portal on a free loopback port for the portal's node tests (in-memory database, no LiveKit).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPortal, type PortalOptions } from '../app.js';
import { openDatabase } from '../database.js';
import { seedDemoData } from '../seed.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const TEST_LIVEKIT = {
  url: 'ws://127.0.0.1:9',
  apiKey: 'APItest',
  apiSecret: 'secret-secret-secret-secret-secret',
};

/** Starts a portal (on `port`, default any free one); `close()` stops it. */
export async function startTestPortal(options: Partial<PortalOptions> = {}, port = 0) {
  const db = await openDatabase({ dataDir: 'memory://' });
  await seedDemoData(db, new Date());
  const portal = createPortal({
    db,
    livekit: TEST_LIVEKIT,
    nodeModules: join(ROOT, 'node_modules'),
    enforcerMs: 3_600_000,
    log: () => {},
    ...options,
  });
  const server = createServer(portal.listener);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    /** Signs a demo user in; the session cookie (`name=value`). */
    async signIn(user: string): Promise<string> {
      const body = new URLSearchParams({ user });
      const response = await fetch(`${base}/signin`, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: { origin: base },
      });
      return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    },
    async close() {
      await portal.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await db.close();
    },
  };
}
