// The first connect of a join always ends: connected, failed with a clear error, or aborted — retried while a network
// failure is worth another attempt, an attempt that never settles is cut by its watchdog, and a long wait is reported.
// The browser tests (first-connect.test.ts) and tests/first-connect-outage.test.mjs drive the same paths through a
// real VisitClient against LiveKit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectionError, DisconnectReason } from 'livekit-client';
import { ConnectAttemptTimedOut, connectFirstTime, withWatchdog } from './first-connect.js';
import type { ConnectProgress, FirstConnectPolicy } from './first-connect.js';
import { isRetryableConnectFailure, RoomClosedBeforeConnect } from './livekit-room.js';
import { VisitError } from './visit-error.js';

/** Small numbers so a test runs in milliseconds; no assertion depends on them beyond order. */
const QUICK: FirstConnectPolicy = { attemptTimeoutMs: 50, budgetMs: 2000, retryDelaysMs: [1, 2], slowMs: 20 };
const never = (signal: AbortSignal): Promise<void> =>
  new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by the signal'))));

/** Runs connectFirstTime over scripted attempts; each entry is what one attempt does. */
async function run(
  script: ((signal: AbortSignal) => Promise<void>)[],
  options: { policy?: FirstConnectPolicy; signal?: AbortSignal } = {},
) {
  const progress: ConnectProgress[] = [];
  let attempts = 0;
  const outcome = await connectFirstTime({
    connect: (attempt, signal) => {
      attempts += 1;
      assert.equal(attempt, attempts);
      const step = script[attempt - 1];
      assert.ok(step, `no attempt ${attempt} was scripted`);
      return withWatchdog(step, signal, (options.policy ?? QUICK).attemptTimeoutMs);
    },
    retryable: isRetryableConnectFailure,
    onProgress: (p) => progress.push(p),
    signal: options.signal ?? new AbortController().signal,
    policy: options.policy ?? QUICK,
  }).then(
    () => 'connected' as const,
    (error: unknown) => error,
  );
  return { outcome, attempts, progress };
}

const ok = async (): Promise<void> => {};
const fail = (error: unknown) => async (): Promise<void> => {
  throw error;
};

describe('connectFirstTime', () => {
  test('a first attempt that connects is the only one, and nothing is reported', async () => {
    const { outcome, attempts, progress } = await run([ok]);
    assert.equal(outcome, 'connected');
    assert.equal(attempts, 1);
    assert.deepEqual(progress, []);
  });

  test('LiveKit closing the room before connect() resolved (a CONNECTION_TIMEOUT leave) is tried again', async () => {
    const { outcome, attempts, progress } = await run([fail(new RoomClosedBeforeConnect('other')), ok]);
    assert.equal(outcome, 'connected');
    assert.equal(attempts, 2);
    assert.deepEqual(progress, [{ attempt: 2, reason: 'retrying' }]);
  });

  test('an unreachable server, a broken socket and a peer connection that never connects are tried again', async () => {
    const { outcome, attempts, progress } = await run([
      fail(ConnectionError.serverUnreachable('could not establish signal connection')),
      fail(ConnectionError.internal('could not establish pc connection')),
      fail(ConnectionError.leaveRequest('server left', DisconnectReason.CONNECTION_TIMEOUT)),
      ok,
    ]);
    assert.equal(outcome, 'connected');
    assert.equal(attempts, 4);
    assert.deepEqual(
      progress.map((p) => p.attempt),
      [2, 3, 4],
    );
  });

  test('an attempt that never settles is cut by its watchdog, reported as slow first, then tried again', async () => {
    const { outcome, attempts, progress } = await run([never, ok]);
    assert.equal(outcome, 'connected');
    assert.equal(attempts, 2);
    assert.deepEqual(progress, [
      { attempt: 1, reason: 'slow' },
      { attempt: 2, reason: 'retrying' },
    ]);
  });

  test('a refused token or a final leave fails at once with connection-failed, the cause kept', async () => {
    for (const refusal of [
      ConnectionError.notAllowed('invalid token', 401),
      ConnectionError.leaveRequest('removed', DisconnectReason.PARTICIPANT_REMOVED),
      new RoomClosedBeforeConnect('duplicate-identity'),
    ]) {
      const { outcome, attempts } = await run([fail(refusal), ok]);
      assert.ok(outcome instanceof VisitError, String(outcome));
      assert.equal(outcome.code, 'connection-failed');
      assert.equal(outcome.retryable, true);
      assert.equal(outcome.cause, refusal);
      assert.equal(attempts, 1);
    }
  });

  test('a VisitError from an attempt (no encryption in this browser) is the join’s error as it is', async () => {
    const unsupported = VisitError.e2eeUnsupported();
    const { outcome } = await run([fail(unsupported)]);
    assert.equal(outcome, unsupported);
  });

  test('once the budget is spent the join fails as connection-failed, naming the attempts', async () => {
    const policy: FirstConnectPolicy = { ...QUICK, attemptTimeoutMs: 30, budgetMs: 100, retryDelaysMs: [5] };
    const { outcome, attempts } = await run(
      Array.from({ length: 50 }, () => never),
      { policy },
    );
    assert.ok(outcome instanceof VisitError, String(outcome));
    assert.equal(outcome.code, 'connection-failed');
    assert.equal(outcome.retryable, true);
    assert.match(outcome.message, new RegExp(`after ${attempts} attempts`));
    assert.ok(outcome.cause instanceof ConnectAttemptTimedOut);
    assert.ok(attempts >= 2 && attempts < 50, `${attempts} attempts`);
  });

  test('leaving while an attempt runs, or while waiting to retry, rejects as aborted and starts nothing more', async () => {
    for (const script of [[never], [fail(ConnectionError.serverUnreachable('down')), ok]]) {
      const controller = new AbortController();
      const policy: FirstConnectPolicy = {
        ...QUICK,
        attemptTimeoutMs: 10_000,
        budgetMs: 60_000,
        retryDelaysMs: [10_000],
      };
      setTimeout(() => controller.abort(), 10);
      const { outcome, attempts } = await run(script, { policy, signal: controller.signal });
      assert.ok(outcome instanceof VisitError, String(outcome));
      assert.equal(outcome.code, 'aborted');
      assert.equal(attempts, 1);
    }
  });
});

describe('isRetryableConnectFailure', () => {
  test('network and server-side failures are retryable; refusals, cancellations and final leaves are not', () => {
    assert.equal(isRetryableConnectFailure(ConnectionError.timeout('signal timed out')), true);
    assert.equal(isRetryableConnectFailure(ConnectionError.websocket('socket closed')), true);
    assert.equal(isRetryableConnectFailure(new RoomClosedBeforeConnect('other')), true);
    assert.equal(isRetryableConnectFailure(ConnectionError.cancelled('client disconnect')), false);
    assert.equal(isRetryableConnectFailure(ConnectionError.notAllowed('forbidden', 403)), false);
    assert.equal(isRetryableConnectFailure(new RoomClosedBeforeConnect('room-deleted')), false);
    assert.equal(isRetryableConnectFailure(new Error('something else')), false);
  });
});
