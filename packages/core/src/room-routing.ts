import { ConnectionError } from 'livekit-client';
import { raceAbort, sleep } from './abort.js';

/**
 * Waits between joins LiveKit refused because it does not know the room (about 45 s in all). On a LiveKit cluster
 * this is what a join sees while the nodes have lost their room routing — Redis lost its data (replaced, flushed, or
 * run without the persistence docs/deploy.md requires): the room lives on its node, but until that node publishes
 * it again (measured 8.6–9.3 s on a quiet machine, over 20 s on a loaded one) a join to it is answered 404.
 */
export const UNROUTED_ROOM_RETRY_MS: readonly number[] = [
  1000, 2000, 3000, 4000, 5000, 5000, 5000, 5000, 5000, 5000, 5000,
];

/** Whether LiveKit refused a join with 404 "requested room does not exist" (livekit-client's validate probe). */
export function isUnroutedRoom(error: unknown): boolean {
  return (
    error instanceof ConnectionError && error.status === 404 && error.message.includes('requested room does not exist')
  );
}

/**
 * Runs `connect`, and again after each of {@link UNROUTED_ROOM_RETRY_MS} while LiveKit answers that the room does
 * not exist; any other failure, the last refusal or `signal` ends it. `onRetry` hears of each wait.
 *
 * @example
 * await connectWhileUnrouted(() => room.connect(url, token), signal, (attempt, ms) => log.info(attempt, ms));
 */
export async function connectWhileUnrouted(
  connect: () => Promise<void>,
  signal: AbortSignal,
  onRetry: (attempt: number, waitMs: number) => void,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await raceAbort(connect(), signal);
      return;
    } catch (error) {
      const waitMs = UNROUTED_ROOM_RETRY_MS[attempt];
      if (waitMs === undefined || !isUnroutedRoom(error)) throw error;
      onRetry(attempt + 1, waitMs);
      await sleep(waitMs, signal);
    }
  }
}
