// The README's "Embed it in your portal" guide, followed by a script as a newcomer would: a fresh folder outside
// the repository, the three packages packed as tarballs, the guide's install command, its LiveKit command, its
// server.mjs / your-portal.mjs / visit.html exactly as written, and a two-party visit in Chromium through them,
// using the labels the guide names. Prints the time from the first step to both people seeing each other.
//
// The only changes to what the guide says: the tarballs stand in for the package names (not published yet), and
// free ports replace 7880/7881/7882/8080 so that runs can share a machine.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { markedBlock } from '../scripts/lib/doc-blocks.mjs';
import { freeTcpPort } from '../scripts/lib/livekit-server.mjs';
import { findLiveKitBinary, ROOT } from '../scripts/lib/paths.mjs';
import { launchChromium } from './support/browser.mjs';
import { decodedRemoteVideo, eventually, waitForState, WAIT_MS } from './support/portal.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/**
 * Runs a command to completion; rejects with its output when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
function run(command, args, { cwd, env = process.env, timeoutMs = 240_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${stdout}\n${stderr}`));
    });
  });
}

/** Starts a long-running command; `stop()` ends it. */
function start(command, args, options) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return {
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
        child.once('exit', resolve);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** A shell line of the guide as words (the guide's commands use no quoting). */
const words = (line) => line.trim().split(/\s+/);

/** The labels the guide tells people to press, from its numbered "Check it" list. */
function guideLabels() {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const steps = Object.fromEntries([...text.matchAll(/^(\d)\. \*\*(.+?)\*\*/gm)].map((m) => [m[1], m[2]]));
  const leave = /^4\. \*\*(.+?)\*\*.*?asks \*\*(.+?)\*\*; \*\*(.+?)\*\*/ms.exec(text);
  assert.ok(steps[1] && steps[2] && steps[3] && leave, 'README lists the widget flow as steps 1–4');
  return {
    start: steps[1],
    agree: steps[2],
    join: steps[3],
    leave: leave[1],
    leaveHeading: leave[2],
    leaveConfirm: leave[3],
  };
}

describe('README: embed it in your portal, as a newcomer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'visitkit-newcomer-'));
  const app = join(dir, 'portal');
  const stops = [];
  let browser;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    for (const stop of stops.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the guide’s steps give a working two-party visit', async () => {
    const started = Date.now();
    const marks = {};
    const labels = guideLabels();

    // Step 1 — install, with the packed packages in place of their names.
    await run(
      npm,
      [
        'pack',
        '-w',
        '@visitkit/core',
        '-w',
        '@visitkit/server-adapter',
        '-w',
        '@visitkit/elements',
        '--pack-destination',
        dir,
      ],
      { cwd: ROOT },
    );
    const tarballs = Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.tgz'))
        .map((f) => [`@visitkit/${/^visitkit-(.+)-\d+\.\d+\.\d+.*\.tgz$/.exec(f)[1]}`, join(dir, f)]),
    );
    const install = words(markedBlock('step', 'install').code);
    assert.deepEqual(install.slice(0, 2), ['npm', 'install'], 'step 1 is one npm install');
    const packages = install.slice(2).map((name) => tarballs[name] ?? name);
    // The packages' own dependency on @visitkit/core is met by its tarball, installed alongside.
    await run(
      npm,
      ['install', tarballs['@visitkit/core'], ...packages, '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: (mkdirSync(app, { recursive: true }), app) },
    );
    marks.installed = Date.now();

    // Step 2 — the LiveKit config command, then livekit-server with it.
    const [configLine, serverLine] = markedBlock('step', 'livekit').code.trim().split('\n');
    const [portalPort, livekitPort, rtcTcp, rtcUdp] = [
      await freeTcpPort(),
      await freeTcpPort(),
      await freeTcpPort(),
      await freeTcpPort(),
    ];
    const configArgs = words(configLine).map((w) => w.replace('127.0.0.1:8080', `127.0.0.1:${portalPort}`));
    assert.deepEqual(configArgs.slice(0, 3), ['npx', '@visitkit/server-adapter', 'livekit-config']);
    const written = await run(
      npx,
      [
        ...configArgs.slice(1),
        '--port',
        String(livekitPort),
        '--rtc-tcp-port',
        String(rtcTcp),
        '--rtc-udp-port',
        String(rtcUdp),
      ],
      { cwd: app, env: { ...process.env, LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: '' } },
    );
    const env = Object.fromEntries(
      [...written.stderr.matchAll(/^(LIVEKIT_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    assert.deepEqual(
      Object.keys(env).sort(),
      ['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET', 'LIVEKIT_URL'],
      'step 2 prints what the portal needs',
    );
    const serverArgs = words(serverLine);
    assert.equal(serverArgs[0], 'livekit-server');
    const livekit = start(findLiveKitBinary(), serverArgs.slice(1), { cwd: app });
    stops.push(livekit.stop);
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${livekitPort}`).catch(() => undefined))?.ok,
      'LiveKit to answer',
      WAIT_MS,
      livekit.output,
    );

    // Steps 3 and 4 — the files, exactly as written.
    for (const name of ['server.mjs', 'your-portal.mjs', 'visit.html'])
      writeFileSync(join(app, name), markedBlock('file', name).code);
    const server = start(process.execPath, ['server.mjs'], {
      cwd: app,
      env: { ...process.env, ...env, PORT: String(portalPort) },
    });
    stops.push(server.stop);
    const url = `http://127.0.0.1:${portalPort}`;
    await eventually(
      async () => (await fetch(`${url}/visit.html`).catch(() => undefined))?.ok,
      'server.mjs to serve the page',
      WAIT_MS,
      server.output,
    );
    assert.equal(
      (
        await fetch(`${url}/api/visitkit/visits/v-42/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
      401,
      'not signed in → 401',
    );

    // Step 5 — two people, each signed in by the stand-in's cookie, through the widget's flow.
    const people = {};
    for (const who of ['luis', 'ana']) {
      const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
      await context.addCookies([{ name: 'demo_user', value: who, url }]);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${url}/visit.html`);
      await page.getByRole('button', { name: labels.start }).click({ timeout: WAIT_MS });
      await page.getByRole('checkbox', { name: labels.agree }).check({ timeout: WAIT_MS });
      await page.getByRole('button', { name: labels.join }).click();
      people[who] = { page, errors };
    }
    for (const who of ['luis', 'ana']) {
      await waitForState(people[who].page, 'live');
      await eventually(() => decodedRemoteVideo(people[who].page), `${who} to see the other person`, WAIT_MS);
    }
    marks.visit = Date.now();

    const ledger = await fetch(`${url}/api/visitkit/visits/v-42/ledger`, { headers: { cookie: 'demo_user=kim' } });
    assert.equal(ledger.status, 200, 'the facility’s officer reads the ledger');
    assert.deepEqual(((await ledger.json()).participants ?? []).map((p) => p.identity).sort(), ['ana', 'luis']);
    const stranger = await fetch(`${url}/api/visitkit/visits/v-43/ledger`, { headers: { cookie: 'demo_user=ana' } });
    assert.equal(stranger.status, 404);

    const { page } = people.ana;
    const ended = page.evaluate(
      () =>
        new Promise((resolve) =>
          document
            .querySelector('vk-visit')
            .addEventListener('vk-ended', (e) => resolve(e.detail.reason), { once: true }),
        ),
    );
    await page.getByRole('button', { name: labels.leave }).click();
    await page
      .getByRole('dialog', { name: labels.leaveHeading })
      .getByRole('button', { name: labels.leaveConfirm, exact: true })
      .click();
    assert.equal(await ended, 'left');
    for (const who of ['luis', 'ana']) assert.deepEqual(people[who].errors, [], `${who}'s page threw nothing`);

    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `# newcomer: install ${s(marks.installed - started)}, two-party visit ${s(marks.visit - started)} after the first step`,
    );
  });
});
