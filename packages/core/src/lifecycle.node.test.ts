// What the client does on each lifecycle event (lifecycle.ts): the state it moves to, what it asks the client to do,
// and what it refuses. Behaviour, not a copy of the transition table: the browser tests drive the same events
// through a real VisitClient against LiveKit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { VisitLifecycle } from './lifecycle.js';
import type { LifecycleAction, LifecycleEvent } from './lifecycle.js';
import type { PresenceDecision } from './party-presence.js';
import type { VisitState } from './visit-state.js';

/** A lifecycle whose presence decision the test sets, recording every hook call. */
function harness() {
  const record = { states: [] as string[], lobbies: [] as string[], decisions: 0, refusals: [] as string[] };
  const presence = { next: 'live' as PresenceDecision };
  const lifecycle = new VisitLifecycle({
    state: (next, previous) => record.states.push(`${previous}->${next}`),
    lobby: (reason) => record.lobbies.push(reason),
    decidePresence: () => {
      record.decisions += 1;
      return presence.next;
    },
    log: { debug() {}, warn: (line: string) => record.refusals.push(line) },
  });
  const send = (...events: LifecycleEvent[]): LifecycleAction => {
    let action: LifecycleAction = { type: 'none' };
    for (const event of events) action = lifecycle.handle(event);
    return action;
  };
  return { lifecycle, record, presence, send };
}

const JOINED: LifecycleEvent[] = [{ type: 'join-requested' }, { type: 'token-received', untilStartMs: 0 }];

/** A lifecycle brought to `state` the way a client gets there. */
function at(state: 'live' | 'lobby' | 'before-start') {
  const h = harness();
  if (state === 'before-start') {
    h.send({ type: 'join-requested' }, { type: 'token-received', untilStartMs: 5_000 });
  } else {
    h.presence.next = state === 'live' ? 'live' : 'waiting-for-party';
    h.send(...JOINED, { type: 'room-connected' });
  }
  h.record.states.length = 0;
  h.record.lobbies.length = 0;
  h.record.decisions = 0;
  return h;
}

const end = (reason: string, message?: string): LifecycleAction =>
  message === undefined
    ? ({ type: 'end', reason } as LifecycleAction)
    : ({ type: 'end', reason, message } as LifecycleAction);

describe('lifecycle: preview and join', () => {
  test('the preview goes idle -> prejoin, is idempotent, and stops back to idle', () => {
    const { lifecycle, record, send } = harness();
    assert.deepEqual(send({ type: 'preview-requested' }), { type: 'none' });
    assert.deepEqual(send({ type: 'preview-requested' }), { type: 'none' });
    send({ type: 'preview-stopped' });
    send({ type: 'preview-stopped' });
    assert.deepEqual(record.states, ['idle->prejoin', 'prejoin->idle']);
    assert.equal(lifecycle.state, 'idle');
  });

  test('join is accepted from idle, prejoin and failed only', () => {
    for (const before of [
      [],
      [{ type: 'preview-requested' }],
      [{ type: 'join-requested' }, { type: 'setup-failed' }],
    ] as LifecycleEvent[][]) {
      const { lifecycle, send } = harness();
      send(...before);
      assert.deepEqual(send({ type: 'join-requested' }), { type: 'none' }, `after ${JSON.stringify(before)}`);
      assert.equal(lifecycle.state, 'connecting');
    }
    const connecting = harness();
    connecting.send({ type: 'join-requested' });
    assert.deepEqual(
      connecting.send({ type: 'join-requested' }),
      { type: 'refused' },
      'a second join while connecting',
    );
    for (const state of ['live', 'lobby'] as const)
      assert.deepEqual(at(state).send({ type: 'join-requested' }), { type: 'refused' }, state);
  });

  test('the preview is refused while joining, and everything is refused once ended', () => {
    const joining = harness();
    joining.send({ type: 'join-requested' });
    assert.deepEqual(joining.send({ type: 'preview-requested' }), { type: 'refused' });
    const ended = harness();
    ended.send({ type: 'ended' });
    assert.deepEqual(ended.send({ type: 'preview-requested' }), { type: 'refused' });
    assert.deepEqual(ended.send({ type: 'join-requested' }), { type: 'refused' });
    ended.send({ type: 'room-connected' }, { type: 'setup-failed' });
    assert.equal(ended.lifecycle.state, 'ended');
    assert.deepEqual(ended.record.states, ['idle->ended']);
  });

  test('a failure before going live is failed, from which join works again', () => {
    const { lifecycle, send } = harness();
    send({ type: 'join-requested' }, { type: 'setup-failed' });
    assert.equal(lifecycle.state, 'failed');
    assert.equal(lifecycle.link, 'down');
    assert.deepEqual(send({ type: 'join-requested' }), { type: 'none' });
  });
});

describe('lifecycle: lobby before the start', () => {
  test('a token before startsAt waits in the lobby (before-start), told once, and connects when the visit starts', () => {
    const { lifecycle, record, send } = at('before-start');
    const fresh = harness();
    fresh.send({ type: 'join-requested' }, { type: 'token-received', untilStartMs: 5_000 });
    assert.deepEqual(fresh.record.states, ['idle->connecting', 'connecting->lobby']);
    assert.deepEqual(fresh.record.lobbies, ['before-start']);
    assert.equal(fresh.lifecycle.lobbyReason, 'before-start');
    send({ type: 'presence-changed' });
    assert.equal(record.decisions, 0, 'nobody is decided on before the room is connected');
    send({ type: 'visit-started' });
    assert.equal(lifecycle.state, 'connecting');
    assert.equal(lifecycle.lobbyReason, undefined, 'no lobby reason outside the lobby');
  });

  test('a token after startsAt connects without a lobby', () => {
    const { lifecycle, record, send } = harness();
    send(...JOINED);
    assert.equal(lifecycle.state, 'connecting');
    assert.deepEqual(record.lobbies, []);
  });

  test('the start is refused once the visit ended while waiting', () => {
    const { send } = at('before-start');
    send({ type: 'ended' });
    assert.deepEqual(send({ type: 'visit-started' }), { type: 'refused' });
  });

  test('a LiveKit drop before the room was ever connected ends the visit as network', () => {
    const { send } = at('before-start');
    assert.deepEqual(send({ type: 'room-disconnected', cause: 'other', timeLeftMs: 60_000 }), end('network'));
  });
});

describe('lifecycle: connected', () => {
  test('once connected, the presence decision picks live or the lobby with its reason', () => {
    const live = harness();
    live.send(...JOINED);
    live.send({ type: 'presence-changed' });
    assert.equal(live.record.decisions, 0, 'not decided while the room is still connecting');
    live.send({ type: 'room-connected' });
    assert.equal(live.lifecycle.state, 'live');
    assert.equal(live.lifecycle.link, 'up');

    const lobby = harness();
    lobby.presence.next = 'waiting-for-monitor';
    lobby.send(...JOINED, { type: 'room-connected' });
    assert.equal(lobby.lifecycle.state, 'lobby');
    assert.equal(lobby.lifecycle.lobbyReason, 'waiting-for-monitor');
    assert.deepEqual(lobby.record.lobbies, ['waiting-for-monitor']);
  });

  test('presence changes move live <-> lobby, and tell a new lobby reason once', () => {
    const { lifecycle, record, presence, send } = at('live');
    presence.next = 'waiting-for-party';
    send({ type: 'presence-changed' }, { type: 'presence-changed' });
    presence.next = 'waiting-for-monitor';
    send({ type: 'presence-changed' });
    presence.next = undefined; // grace period: stay where we are
    send({ type: 'presence-changed' });
    presence.next = 'live';
    send({ type: 'presence-changed' });
    assert.deepEqual(record.states, ['live->lobby', 'lobby->live']);
    assert.deepEqual(record.lobbies, ['waiting-for-party', 'waiting-for-monitor']);
    assert.equal(lifecycle.state, 'live');
  });

  test('LiveKit reconnecting during the lobby: reconnecting, no decision on the stale list, decided again once back', () => {
    const { lifecycle, record, presence, send } = at('lobby');
    send({ type: 'room-reconnecting' });
    assert.equal(lifecycle.state, 'reconnecting');
    assert.equal(lifecycle.link, 'stale');
    presence.next = 'live';
    send({ type: 'presence-changed' });
    assert.equal(record.decisions, 0, 'the participant list is not current while LiveKit reconnects');
    send({ type: 'room-reconnected' });
    assert.equal(lifecycle.state, 'live');
    assert.deepEqual(record.states, ['lobby->reconnecting', 'reconnecting->live']);
  });

  test('LiveKit reconnecting while the room is still connecting is not a reconnection of the visit', () => {
    const { lifecycle, send } = harness();
    send(...JOINED, { type: 'room-reconnecting' });
    assert.equal(lifecycle.state, 'connecting');
  });

  test('what LiveKit reports of a room that never connected leaves the first connect to join(), refusing nothing', () => {
    const { lifecycle, record, send } = harness();
    // A CONNECTION_TIMEOUT leave during the first connect: LiveKit restarts, says it is back, then closes the room.
    const actions = [
      send(...JOINED, { type: 'room-reconnecting' }),
      send({ type: 'room-reconnected' }),
      send({ type: 'room-disconnected', cause: 'other', timeLeftMs: 60_000 }),
    ];
    assert.deepEqual(actions, [{ type: 'none' }, { type: 'none' }, { type: 'none' }]);
    assert.equal(lifecycle.state, 'connecting');
    assert.equal(lifecycle.link, 'down');
    assert.deepEqual(record.refusals, []);
    assert.equal(record.decisions, 0);
    // join()'s next attempt connects: decided as usual.
    send({ type: 'room-connected' });
    assert.equal(lifecycle.state, 'live');
    assert.deepEqual(record.states, ['idle->connecting', 'connecting->live']);
  });

  test('a first connect that gave up is failed, and Try again connects from there', () => {
    const { lifecycle, record, send } = harness();
    send(...JOINED, { type: 'room-reconnecting' }, { type: 'setup-failed' });
    assert.equal(lifecycle.state, 'failed');
    assert.deepEqual(send(...JOINED, { type: 'room-connected' }), { type: 'none' });
    assert.equal(lifecycle.state, 'live');
    assert.deepEqual(record.states, [
      'idle->connecting',
      'connecting->failed',
      'failed->connecting',
      'connecting->live',
    ]);
    assert.deepEqual(record.refusals, []);
  });
});

describe('lifecycle: how a visit ends', () => {
  test('leave ends as left, once', () => {
    const { send } = at('live');
    assert.deepEqual(send({ type: 'leave-requested' }), end('left'));
    send({ type: 'ended' });
    assert.deepEqual(send({ type: 'leave-requested' }), { type: 'none' });
  });

  test('the clock ends a joined visit as time-limit, but not one that never joined', () => {
    for (const state of ['live', 'lobby', 'before-start'] as const) {
      assert.deepEqual(at(state).send({ type: 'clock-ended' }), end('time-limit'), state);
    }
    const idle = harness();
    assert.deepEqual(idle.send({ type: 'clock-ended' }), { type: 'none' });
    assert.deepEqual(idle.send({ type: 'preview-requested' }, { type: 'clock-ended' }), { type: 'none' });
    assert.deepEqual(idle.send({ type: 'join-requested' }, { type: 'setup-failed' }, { type: 'clock-ended' }), {
      type: 'none',
    });
    assert.deepEqual(idle.send({ type: 'ended' }, { type: 'clock-ended' }), { type: 'none' });
  });

  test('a removal announced as terminated ends as terminated with the staff message; unannounced it is removed', () => {
    const announced = at('live');
    announced.send({ type: 'ending-announced', notice: { reason: 'terminated', message: 'Rules' } });
    assert.deepEqual(
      announced.send({ type: 'room-disconnected', cause: 'participant-removed', timeLeftMs: 60_000 }),
      end('terminated', 'Rules'),
    );
    assert.deepEqual(
      at('live').send({ type: 'room-disconnected', cause: 'participant-removed', timeLeftMs: 60_000 }),
      end('removed'),
    );
  });

  test('a deleted room ends as time-limit at the end of the visit and as terminated before it', () => {
    assert.deepEqual(
      at('live').send({ type: 'room-disconnected', cause: 'room-deleted', timeLeftMs: 2_000 }),
      end('time-limit'),
    );
    assert.deepEqual(
      at('live').send({ type: 'room-disconnected', cause: 'room-deleted', timeLeftMs: 2_001 }),
      end('terminated'),
    );
    assert.deepEqual(
      at('live').send({ type: 'room-disconnected', cause: 'duplicate-identity', timeLeftMs: 1 }),
      end('duplicate-session'),
    );
  });

  test('a disconnect after the visit ended does nothing', () => {
    const { send } = at('live');
    send({ type: 'ended' });
    assert.deepEqual(send({ type: 'room-disconnected', cause: 'participant-removed', timeLeftMs: 1 }), {
      type: 'none',
    });
  });
});

describe('lifecycle: LiveKit gave up (recovery with a fresh token)', () => {
  for (const from of ['live', 'lobby'] as const) {
    test(`from ${from}: one recovery, reconnecting until it connected and published, then decided again`, () => {
      const { lifecycle, record, presence, send } = at(from);
      assert.deepEqual(send({ type: 'room-disconnected', cause: 'other', timeLeftMs: 60_000 }), { type: 'recover' });
      assert.equal(lifecycle.state, 'reconnecting');
      assert.equal(lifecycle.link, 'recovering');
      send({ type: 'presence-changed' }, { type: 'room-reconnected' });
      assert.equal(record.decisions, 0, 'not decided before the new room published');
      presence.next = 'live';
      send({ type: 'recovery-succeeded' });
      assert.equal(lifecycle.state, 'live');
      assert.equal(lifecycle.link, 'up');
    });
  }

  test('a drop while LiveKit was reconnecting recovers too', () => {
    const { send } = at('live');
    assert.deepEqual(
      send({ type: 'room-reconnecting' }, { type: 'room-disconnected', cause: 'other', timeLeftMs: 60_000 }),
      { type: 'recover' },
    );
  });

  test('a drop during the recovery, or a failed recovery, ends the visit as network', () => {
    const dropped = at('live');
    dropped.send({ type: 'room-disconnected', cause: 'other', timeLeftMs: 60_000 });
    assert.deepEqual(dropped.send({ type: 'room-disconnected', cause: 'other', timeLeftMs: 60_000 }), end('network'));
    const failed = at('live');
    failed.send({ type: 'room-disconnected', cause: 'other', timeLeftMs: 60_000 });
    assert.deepEqual(failed.send({ type: 'recovery-failed' }), end('network'));
    failed.send({ type: 'ended' });
    assert.deepEqual(
      failed.send({ type: 'recovery-failed' }),
      { type: 'none' },
      'a recovery cut short by leave() ends nothing more',
    );
  });

  test("a first connection attempt that fails is join()'s to report, not a recovery", () => {
    const { lifecycle, send } = harness();
    send(...JOINED);
    assert.deepEqual(send({ type: 'room-disconnected', cause: 'other', timeLeftMs: 60_000 }), { type: 'none' });
    assert.equal(lifecycle.state, 'connecting');
  });
});

describe('lifecycle: state changes', () => {
  test('each change is told once with its previous state; no-ops and illegal moves are not', () => {
    const { record, send } = harness();
    send(...JOINED, { type: 'room-connected' }, { type: 'room-connected' }, { type: 'presence-changed' });
    assert.deepEqual(record.states, ['idle->connecting', 'connecting->live']);
    send({ type: 'setup-failed' }); // live -> failed is not a transition
    assert.deepEqual(record.states, ['idle->connecting', 'connecting->live']);
    assert.equal(record.refusals.length, 1);
    assert.match(record.refusals[0] ?? '', /live -> failed/);
    send({ type: 'ended' });
    assert.deepEqual(record.states.at(-1), 'live->ended');
  });

  test('never live without a connected room', () => {
    for (const before of [[], [{ type: 'preview-requested' }], [{ type: 'join-requested' }]] as LifecycleEvent[][]) {
      const { lifecycle, send } = harness();
      send(...before, { type: 'presence-changed' }, { type: 'room-reconnected' });
      const state: VisitState = lifecycle.state;
      assert.notEqual(state, 'live', JSON.stringify(before));
    }
  });
});
