// Survivors of the first mutation run (docs/testing.md): rules of the contract no test pinned down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CONTROL_BYTES, decodeControlMessage } from './control.js';
import { Sha256Hex, visitProblems } from './visit.js';

const base = {
  kind: 'social' as const,
  startsAt: '2030-01-01T10:00:00.000Z',
  endsAt: '2030-01-01T10:30:00.000Z',
  lobbyOpensAt: '2030-01-01T09:50:00.000Z',
  recorded: false,
  monitored: false,
  requireMonitor: false,
};

test('a privileged visit is never recorded, monitored or waiting for a monitor; each is its own problem', () => {
  const privileged = { ...base, kind: 'privileged' as const };
  assert.deepEqual(visitProblems(privileged), []);
  assert.deepEqual(visitProblems({ ...privileged, recorded: true }), ['a privileged visit is never recorded']);
  assert.deepEqual(visitProblems({ ...privileged, monitored: true }), ['a privileged visit is never monitored']);
  assert.deepEqual(visitProblems({ ...privileged, monitored: true, requireMonitor: true }), [
    'a privileged visit is never monitored',
    'a privileged visit never requires a monitor',
  ]);
  assert.deepEqual(visitProblems({ ...base, recorded: true, monitored: true }), [], 'a social visit may be both');
});

test('times: the lobby may open at the start but not after it; a visit that needs a monitor must be monitored', () => {
  assert.deepEqual(visitProblems({ ...base, lobbyOpensAt: base.startsAt }), []);
  assert.deepEqual(visitProblems({ ...base, lobbyOpensAt: '2030-01-01T10:00:00.001Z' }), [
    'lobbyOpensAt must not be after startsAt',
  ]);
  assert.deepEqual(visitProblems({ ...base, endsAt: base.startsAt }), ['endsAt must be after startsAt']);
  assert.deepEqual(visitProblems({ ...base, requireMonitor: true }), [
    'a visit that requires a monitor must be monitored',
  ]);
  assert.deepEqual(visitProblems({ ...base, requireMonitor: true, monitored: true }), []);
});

test('a rules digest is exactly 64 lowercase hex characters', () => {
  assert.equal(Sha256Hex.safeParse('a'.repeat(64)).success, true);
  for (const bad of [
    'a'.repeat(63),
    'a'.repeat(65),
    `x${'a'.repeat(64)}`,
    `${'a'.repeat(64)}x`,
    'A'.repeat(64),
    'g'.repeat(64),
  ]) {
    assert.equal(Sha256Hex.safeParse(bad).success, false, bad);
  }
});

test('control messages: codes are lowercase kebab-case, and a payload over the limit is refused before parsing', () => {
  const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
  const announce = (code: string) => decodeControlMessage(encode({ type: 'announcement', code })).ok;
  assert.equal(announce('rules-reminder'), true);
  for (const bad of ['-rules', 'Rules', 'rules reminder', 'rules_', 'r!']) assert.equal(announce(bad), false, bad);
  const padded = (size: number): Uint8Array => {
    const bytes = encode({ type: 'announcement', code: 'x' });
    const filler = ' '.repeat(size - bytes.byteLength); // JSON allows trailing white space
    return new TextEncoder().encode(`${new TextDecoder().decode(bytes)}${filler}`);
  };
  assert.equal(decodeControlMessage(padded(MAX_CONTROL_BYTES)).ok, true, 'exactly at the limit');
  assert.deepEqual(decodeControlMessage(padded(MAX_CONTROL_BYTES + 1)), { ok: false, reason: 'payload too large' });
  const invalid = decodeControlMessage(encode({ type: 'warning' }));
  assert.equal(invalid.ok, false);
  assert.match(invalid.ok ? '' : invalid.reason, /^secondsLeft: /, 'the reason names the field');
});
