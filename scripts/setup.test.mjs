import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { dependenciesInstalled } from './setup.mjs';

function lockFile(versions) {
  const packages = { '': { name: 'x' } };
  for (const [name, version] of Object.entries(versions)) packages[`node_modules/${name}`] = { version };
  return JSON.stringify({ lockfileVersion: 3, packages });
}

describe('setup: are the npm dependencies installed?', () => {
  const dirs = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /**
   * A folder with a lock file and, optionally, installed packages (name → version).
   * @param {{ lock: Record<string, string>, installed?: Record<string, string>, lockIsNewer?: boolean }} options
   */
  function project({ lock, installed, lockIsNewer }) {
    const dir = mkdtempSync(join(tmpdir(), 'visitkit-setup-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'package-lock.json'), lockFile(lock));
    if (installed) {
      mkdirSync(join(dir, 'node_modules'));
      writeFileSync(join(dir, 'node_modules', '.package-lock.json'), lockFile(installed));
      const [older, newer] = [new Date(Date.now() - 60_000), new Date()];
      utimesSync(join(dir, 'package-lock.json'), lockIsNewer ? newer : older, lockIsNewer ? newer : older);
      utimesSync(
        join(dir, 'node_modules', '.package-lock.json'),
        lockIsNewer ? older : newer,
        lockIsNewer ? older : newer,
      );
    }
    return dir;
  }

  test('no node_modules: install', () => {
    assert.equal(dependenciesInstalled(project({ lock: { zod: '4.1.0' } })), false);
  });

  test('installed after the lock file was written: nothing to do', () => {
    assert.equal(dependenciesInstalled(project({ lock: { zod: '4.1.0' }, installed: { zod: '4.1.0' } })), true);
  });

  test('lock file newer with a changed version: install', () => {
    const dir = project({
      lock: { zod: '4.2.0', lit: '3.3.0' },
      installed: { zod: '4.1.0', lit: '3.3.0' },
      lockIsNewer: true,
    });
    assert.equal(dependenciesInstalled(dir), false);
  });

  test('lock file newer with a new package: install', () => {
    const dir = project({ lock: { zod: '4.1.0', lit: '3.3.0' }, installed: { zod: '4.1.0' }, lockIsNewer: true });
    assert.equal(dependenciesInstalled(dir), false);
  });

  test('lock file merely touched (same versions): nothing to do', () => {
    const dir = project({ lock: { zod: '4.1.0' }, installed: { zod: '4.1.0' }, lockIsNewer: true });
    assert.equal(dependenciesInstalled(dir), true);
  });
});
