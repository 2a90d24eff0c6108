// A join LiveKit refuses because it lost the room's routing (a cluster whose Redis restarted) is tried again for a
// while; any other failure is not. The end-to-end proof on a real cluster is tests/cluster-widget-faults.test.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConnectionError } from 'livekit-client';
import { connectWhileUnrouted, isUnroutedRoom, UNROUTED_ROOM_RETRY_MS } from './room-routing.js';

const unrouted = () => ConnectionError.notAllowed('requested room does not exist', 404);

describe('connectWhileUnrouted', () => {
  test('only a 404 "requested room does not exist" counts as an unrouted room', () => {
    assert.equal(isUnroutedRoom(unrouted()), true);
    assert.equal(isUnroutedRoom(ConnectionError.notAllowed('invalid token', 401)), false);
    assert.equal(isUnroutedRoom(ConnectionError.serverUnreachable('down')), false);
    assert.equal(isUnroutedRoom(new Error('requested room does not exist')), false);
  });

  test('joins again after an unrouted refusal and reports the wait', async () => {
    const outcomes = [unrouted(), undefined];
    const retries: [number, number][] = [];
    await connectWhileUnrouted(
      async () => {
        const error = outcomes.shift();
        if (error) throw error;
      },
      new AbortController().signal,
      (attempt, waitMs) => retries.push([attempt, waitMs]),
    );
    assert.deepEqual(retries, [[1, UNROUTED_ROOM_RETRY_MS[0]]]);
    assert.equal(outcomes.length, 0);
  });

  test('any other failure ends it at once; an abort ends the wait', async () => {
    let calls = 0;
    const refused = ConnectionError.notAllowed('invalid token', 401);
    await assert.rejects(
      connectWhileUnrouted(
        async () => {
          calls += 1;
          throw refused;
        },
        new AbortController().signal,
        () => {},
      ),
      (error) => error === refused,
    );
    assert.equal(calls, 1);
    const abort = new AbortController();
    await assert.rejects(
      connectWhileUnrouted(
        async () => {
          throw unrouted();
        },
        abort.signal,
        () => abort.abort(),
      ),
      { code: 'aborted' },
    );
  });
});
