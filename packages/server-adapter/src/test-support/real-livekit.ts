// Helpers for the node tests that run against the real LiveKit server (scripts/lib/livekit-server.mjs).
import assert from 'node:assert/strict';
import { TokenResponseSchema, type TokenResponse, type VisitInput } from '@visitkit/core/protocol';

/** What `startLiveKit()` returns, as these tests use it. */
export interface LiveKit {
  url: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  stop(): Promise<void>;
}

/** Polls `check` every 100 ms until it returns a value; fails the test naming `what` after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`gave up waiting for ${what}`);
}

/** An ISO time `n` minutes from now. */
export const minutes = (n: number): string => new Date(Date.now() + n * 60_000).toISOString();

/**
 * Asks `handle` for a token as `identity` with `role` (the handler's `authorize` reads the `x-caller` header, as these
 * tests build it) and returns the validated response; fails the test on any other status.
 */
export async function issueToken(
  handle: (request: Request) => Promise<Response>,
  visit: VisitInput,
  role: string,
  identity: string,
): Promise<TokenResponse> {
  const response = await handle(
    new Request(`http://portal.test/api/visitkit/visits/${visit.id}/token`, {
      method: 'POST',
      headers: {
        'x-caller': JSON.stringify({ identity, name: identity, role, visit }),
        'content-type': 'application/json',
      },
      body: '{}',
    }),
  );
  assert.equal(response.status, 200, await response.clone().text());
  return TokenResponseSchema.parse(await response.json());
}
