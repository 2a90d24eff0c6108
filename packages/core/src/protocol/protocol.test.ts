import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ControlMessageSchema,
  ERROR_STATUS,
  ErrorBodySchema,
  MAX_CONTROL_BYTES,
  TokenRequestSchema,
  TokenResponseSchema,
  VisitInputSchema,
  decodeControlMessage,
  encodeControlMessage,
  parseRoomMetadata,
} from './index.js';

const visitInput = {
  id: 'v-1',
  kind: 'social' as const,
  startsAt: '2026-01-01T10:00:00Z',
  endsAt: new Date('2026-01-01T10:30:00Z'),
};

test('a visit input gets its defaults and UTC times', () => {
  const visit = VisitInputSchema.parse(visitInput);
  assert.equal(visit.startsAt, '2026-01-01T10:00:00.000Z');
  assert.equal(visit.endsAt, '2026-01-01T10:30:00.000Z');
  assert.equal(visit.lobbyOpensAt, '2026-01-01T09:50:00.000Z');
  assert.deepEqual(visit.warnings, [300, 60]);
  assert.equal(visit.maxVisitors, 3);
  assert.equal(visit.recorded, false);
});

test('a privileged visit can never be recorded, monitored or require a monitor', () => {
  for (const flag of ['recorded', 'monitored', 'requireMonitor'] as const) {
    const result = VisitInputSchema.safeParse({ ...visitInput, kind: 'privileged', [flag]: true });
    assert.equal(result.success, false, flag);
  }
});

test('a visit must end after it starts', () => {
  const result = VisitInputSchema.safeParse({ ...visitInput, endsAt: visitInput.startsAt });
  assert.equal(result.success, false);
});

test('warnings are de-duplicated and sorted from the earliest', () => {
  assert.deepEqual(VisitInputSchema.parse({ ...visitInput, warnings: [60, 300, 60, 120] }).warnings, [300, 120, 60]);
});

test('token responses are validated: a bad server_url or missing visit is refused', () => {
  const visit = VisitInputSchema.parse(visitInput);
  const good = {
    server_url: 'wss://livekit.example.org',
    participant_token: 'a.b.c',
    participant_identity: 'visitor-1',
    visit,
    role: 'visitor',
    server_time: '2026-01-01T10:00:00Z',
  };
  assert.equal(TokenResponseSchema.safeParse(good).success, true);
  assert.equal(TokenResponseSchema.safeParse({ ...good, server_url: 'javascript:alert(1)' }).success, false);
  assert.equal(TokenResponseSchema.safeParse({ ...good, role: 'admin' }).success, false);
  const { visit: _omitted, ...withoutVisit } = good;
  assert.equal(TokenResponseSchema.safeParse(withoutVisit).success, false);
});

test('a token request keeps only the consent', () => {
  const parsed = TokenRequestSchema.parse({
    identity: 'someone-else',
    role: 'monitor',
    consent: { accepted_at: '2026-01-01T10:00:00Z' },
  });
  assert.deepEqual(parsed, { consent: { accepted_at: '2026-01-01T10:00:00Z' } });
  assert.equal(TokenRequestSchema.safeParse({ consent: { accepted_at: 'yesterday' } }).success, false);
});

test('every error code has a status and error bodies are validated', () => {
  assert.equal(ERROR_STATUS['consent-required'], 428);
  assert.equal(ErrorBodySchema.safeParse({ error: { code: 'visit-full', message: 'Full.' } }).success, true);
  assert.equal(ErrorBodySchema.safeParse({ error: { code: 'teapot', message: 'no' } }).success, false);
});

test('control messages round-trip and anything malformed is rejected with a reason', () => {
  const message = { type: 'ending', reason: 'terminated', message: 'Rule violation', id: 'e-1' } as const;
  assert.deepEqual(decodeControlMessage(encodeControlMessage(message)), { ok: true, message });
  const bad = [
    new TextEncoder().encode('not json'),
    new TextEncoder().encode(JSON.stringify({ type: 'warning', secondsLeft: -1 })),
    new TextEncoder().encode(JSON.stringify({ type: 'party' })),
    new Uint8Array(MAX_CONTROL_BYTES + 1),
    new Uint8Array([0xff, 0xfe]),
  ];
  for (const payload of bad) {
    const result = decodeControlMessage(payload);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.reason.length > 0);
  }
  assert.throws(() => encodeControlMessage({ type: 'announcement', code: 'Not A Code' }));
  assert.equal(ControlMessageSchema.safeParse({ type: 'mute-request' }).success, true);
});

test('room metadata is read only when it is ours and valid', () => {
  const visit = VisitInputSchema.parse(visitInput);
  assert.deepEqual(parseRoomMetadata(JSON.stringify({ visitkit: 1, visit }))?.visit, visit);
  assert.equal(parseRoomMetadata(undefined), undefined);
  assert.equal(parseRoomMetadata('{'), undefined);
  assert.equal(parseRoomMetadata(JSON.stringify({ visitkit: 2, visit })), undefined);
});
