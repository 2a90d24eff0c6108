import { sleep } from './abort.js';
import { VisitError } from './visit-error.js';

/**
 * How the first connection of a join is tried: on a weak phone link the first `connect()` is the one most likely to
 * fail (a lost packet burst, the server's CONNECTION_TIMEOUT leave, a socket that never opens), and it must end in
 * `live`/`lobby` or `failed`, never wait forever (docs/architecture.md "Client lifecycle").
 */
export interface FirstConnectPolicy {
  /**
   * One `connect()` counts as failed after this long: livekit-client's own signal (15 s) and peer connection (15 s)
   * timeouts fit in it, and an attempt livekit-client never settles (its connect promise can outlive a room its
   * reconnection gave up on) still ends.
   */
  readonly attemptTimeoutMs: number;
  /** No new attempt starts once this long has passed since the first began; the join then fails. */
  readonly budgetMs: number;
  /** Waits before the 2nd, 3rd… attempt; the last one repeats. */
  readonly retryDelaysMs: readonly number[];
  /** An attempt still going after this long is reported as slow ("Still connecting…"). */
  readonly slowMs: number;
}

/** The policy of every join: about a minute of attempts, each bounded. */
export const FIRST_CONNECT: FirstConnectPolicy = {
  attemptTimeoutMs: 35_000,
  budgetMs: 60_000,
  retryDelaysMs: [1000, 2000, 4000],
  slowMs: 8000,
};

/** Why the client says it is still connecting. */
export type ConnectProgressReason =
  /** The attempt is taking longer than usual. */
  | 'slow'
  /** LiveKit lost the connection it was setting up and is restarting it by itself. */
  | 'interrupted'
  /** The previous attempt failed; another one starts. */
  | 'retrying';

/** Progress of a first connect that takes long: which attempt is running and why the user waits. */
export interface ConnectProgress {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Why the user is still waiting. */
  readonly reason: ConnectProgressReason;
}

/** One connection attempt ran longer than {@link FirstConnectPolicy.attemptTimeoutMs}. */
export class ConnectAttemptTimedOut extends Error {
  override readonly name = 'ConnectAttemptTimedOut';
}

/**
 * Runs `connect` with a watchdog: when `timeoutMs` passes first, the signal given to `connect` fires and this
 * rejects with {@link ConnectAttemptTimedOut} (whatever `connect` rejected with on its way out).
 */
export async function withWatchdog(
  connect: (signal: AbortSignal) => Promise<void>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<void> {
  const watchdog = new AbortController();
  const timer = setTimeout(() => watchdog.abort(new ConnectAttemptTimedOut('connect attempt timed out')), timeoutMs);
  try {
    await connect(AbortSignal.any([signal, watchdog.signal]));
  } catch (error) {
    if (watchdog.signal.aborted && !signal.aborted) throw watchdog.signal.reason as ConnectAttemptTimedOut;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** What {@link connectFirstTime} needs. */
export interface FirstConnectOptions {
  /**
   * One attempt; `attempt` counts from 1. It bounds each `connect()` with {@link withWatchdog}, whose
   * {@link ConnectAttemptTimedOut} counts as retryable.
   */
  connect: (attempt: number, signal: AbortSignal) => Promise<void>;
  /** Whether a failed attempt is worth another (network, timeouts); others fail the join at once. */
  retryable: (error: unknown) => boolean;
  /** Hears of slow attempts and of each retry. */
  onProgress: (progress: ConnectProgress) => void;
  signal: AbortSignal;
  policy?: FirstConnectPolicy;
}

/**
 * Connects, trying again after a retryable failure or a timed-out attempt while the budget lasts (a slow attempt
 * and each retry are reported through `onProgress`). Rejects with
 * `VisitError('aborted')` when `signal` fires, with a `VisitError` thrown by an attempt as it is, and otherwise with a
 * retryable `connection-failed` whose cause is the last failure.
 *
 * @example
 * await connectFirstTime({ connect: (n, signal) => room.connect(url, token, signal), retryable, onProgress, signal });
 */
export async function connectFirstTime(options: FirstConnectOptions): Promise<void> {
  const { connect, retryable, onProgress, signal, policy = FIRST_CONNECT } = options;
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    const slow = setTimeout(() => onProgress({ attempt, reason: 'slow' }), policy.slowMs);
    try {
      await connect(attempt, signal);
      return;
    } catch (error) {
      if (signal.aborted) throw VisitError.aborted();
      const again = error instanceof ConnectAttemptTimedOut || retryable(error);
      const waitMs = policy.retryDelaysMs[Math.min(attempt - 1, policy.retryDelaysMs.length - 1)] ?? 0;
      if (!again || Date.now() - startedAt + waitMs >= policy.budgetMs) throw gaveUp(error, attempt);
      onProgress({ attempt: attempt + 1, reason: 'retrying' });
      await sleep(waitMs, signal);
    } finally {
      clearTimeout(slow);
    }
  }
}

function gaveUp(error: unknown, attempts: number): VisitError {
  if (error instanceof VisitError) return error;
  const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
  return new VisitError('connection-failed', `Could not connect to the visit${tries}.`, {
    cause: error,
    retryable: true,
  });
}
