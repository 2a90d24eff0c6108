// Who the enforcer removes from a visit's room (intruders.ts); enforcement.integration.test.ts drives the same
// rule through a real LiveKit server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ATTRIBUTE_ROLE, VisitSchema, type Visit } from '@visitkit/core/protocol';
import { intruders, type RoomParticipant } from './intruders.js';
import { visit as visitInput } from './test-support/fixtures.js';

const visit = (overrides: Partial<Visit> = {}): Visit =>
  VisitSchema.parse({
    ...visitInput(),
    lobbyOpensAt: visitInput().startsAt,
    recorded: false,
    monitored: true,
    requireMonitor: false,
    requireConsent: false,
    maxVisitors: 2,
    warnings: [],
    ...overrides,
  });

/** A participant of `role` who joined at `joinedMs` (LiveKit reports ms, or only seconds on older servers). */
function participant(identity: string, role: string, joinedMs: number, secondsOnly = false): RoomParticipant {
  return {
    identity,
    sid: `PA_${identity}`,
    attributes: { [ATTRIBUTE_ROLE]: role },
    joinedAt: BigInt(Math.floor(joinedMs / 1000)),
    joinedAtMs: secondsOnly ? 0n : BigInt(joinedMs),
  };
}

const removed = (list: ReturnType<typeof intruders>): string[] =>
  list.map((r) => `${r.participant.identity}:${r.reason}`);

test('the guests who joined last, beyond maxVisitors, are removed as over-capacity; residents never count', () => {
  const room = [
    participant('v3', 'visitor', 3_000),
    participant('res', 'resident', 0),
    participant('v1', 'visitor', 1_000),
    participant('a2', 'attorney', 2_000),
    participant('mon', 'monitor', 500),
  ];
  assert.deepEqual(removed(intruders(visit({ maxVisitors: 2 }), room)), ['v3:over-capacity']);
  assert.deepEqual(removed(intruders(visit({ maxVisitors: 3 }), room)), []);
  assert.deepEqual(removed(intruders(visit({ maxVisitors: 0 }), room)), [
    'v1:over-capacity',
    'a2:over-capacity',
    'v3:over-capacity',
  ]);
});

test('join order falls back to seconds when LiveKit reports no milliseconds', () => {
  const room = [participant('late', 'visitor', 9_000, true), participant('early', 'visitor', 2_000, true)];
  assert.deepEqual(removed(intruders(visit({ maxVisitors: 1 }), room)), ['late:over-capacity']);
});

test('a privileged visit always admits its attorney, and never a monitor', () => {
  const room = [
    participant('att', 'attorney', 1_000),
    participant('mon', 'monitor', 0),
    participant('res', 'resident', 0),
  ];
  const privileged = visit({ kind: 'privileged', monitored: false, maxVisitors: 0 });
  assert.deepEqual(removed(intruders(privileged, room)), ['mon:monitor-in-privileged-visit']);
  const twoAttorneys = [...room, participant('att2', 'attorney', 2_000)];
  assert.deepEqual(removed(intruders(privileged, twoAttorneys)), [
    'mon:monitor-in-privileged-visit',
    'att2:over-capacity',
  ]);
});

test('monitors are removed from an unmonitored visit and stay in a monitored one', () => {
  const room = [participant('mon', 'monitor', 0), participant('v1', 'visitor', 1_000)];
  assert.deepEqual(removed(intruders(visit({ monitored: false }), room)), ['mon:monitor-in-unmonitored-visit']);
  assert.deepEqual(removed(intruders(visit({ monitored: true }), room)), []);
});
