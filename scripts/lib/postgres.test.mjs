import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import pg from 'pg';
import { findPostgresBin, startPostgres } from './postgres.mjs';

const connect = async (url) => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  return client;
};

test('findPostgresBin finds initdb and postgres', () => {
  const bin = findPostgresBin();
  assert.ok(bin && existsSync(`${bin}/initdb`) && existsSync(`${bin}/postgres`), String(bin));
});

test('a throw-away server on loopback: not as root, halts and resumes with its data, removed on stop', async () => {
  const server = await startPostgres({ name: 'harness' });
  try {
    assert.match(server.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
    assert.notEqual(uid, '0', 'PostgreSQL never runs as root');
    let client = await connect(server.url);
    assert.equal((await client.query("SELECT current_setting('listen_addresses') AS v")).rows[0].v, '127.0.0.1');
    await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
    await client.end();
    await server.halt();
    await assert.rejects(connect(server.url), /ECONNREFUSED/);
    await server.resume();
    client = await connect(server.url);
    assert.equal((await client.query('SELECT n FROM kept')).rows[0].n, 42);
    await client.end();
  } finally {
    await server.stop();
  }
  assert.equal(existsSync(server.dataDir), false);
});
