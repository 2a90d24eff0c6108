import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLedger, type VisitEvent } from '@visitkit/server-adapter';
import { openDatabase } from './database.js';
import { SqliteVisitStore } from './sqlite-visit-store.js';

const joined = (id: string, identity: string, role: 'resident' | 'visitor', at: string): VisitEvent => ({
  id,
  type: 'participant-joined',
  visitId: 'v1',
  at,
  participant: { identity, sid: `PA_${identity}`, role },
});
const left = (id: string, identity: string, role: 'resident' | 'visitor', at: string): VisitEvent => ({
  id,
  type: 'participant-left',
  visitId: 'v1',
  at,
  participant: { identity, sid: `PA_${identity}`, role },
  reason: 'CLIENT_INITIATED',
});

test('appending the same event id twice stores it once (re-delivered webhooks)', async () => {
  const store = new SqliteVisitStore(openDatabase(':memory:'));
  const event = joined('e1', 'james', 'resident', '2026-01-01T10:00:00.000Z');
  await store.append(event);
  await store.append(event);
  assert.equal((await store.list('v1')).length, 1);
  assert.deepEqual((await store.list('v1'))[0], event);
  assert.equal((await store.list('other')).length, 0);
});

test('termination returns the first visit-terminated event of the visit', async () => {
  const store = new SqliteVisitStore(openDatabase(':memory:'));
  assert.equal(await store.termination('v1'), undefined);
  await store.append({ id: 't2', type: 'visit-terminated', visitId: 'v1', at: '2026-01-01T10:05:00.000Z', staff: { identity: 'reyes' }, reason: 'second' });
  await store.append({ id: 't1', type: 'visit-terminated', visitId: 'v1', at: '2026-01-01T10:04:00.000Z', staff: { identity: 'reyes' }, reason: 'first' });
  assert.equal((await store.termination('v1'))?.reason, 'first');
});

test('the ledger computed from stored events survives a restart of the portal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vk-portal-'));
  try {
    const file = join(dir, 'portal.sqlite');
    const first = openDatabase(file);
    const store = new SqliteVisitStore(first);
    await store.append(joined('e1', 'james', 'resident', '2026-01-01T10:00:00.000Z'));
    await store.append(joined('e2', 'maria', 'visitor', '2026-01-01T10:01:00.000Z'));
    await store.append(left('e3', 'maria', 'visitor', '2026-01-01T10:11:00.000Z'));
    await store.append(left('e4', 'james', 'resident', '2026-01-01T10:12:00.000Z'));
    first.close();
    const reopened = new SqliteVisitStore(openDatabase(file));
    const ledger = buildLedger('v1', await reopened.list('v1'));
    assert.equal(ledger.bothConnectedSeconds, 600);
    assert.equal(ledger.participants.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
