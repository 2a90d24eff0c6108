// The system Chromium, driven by playwright-core, set up for real-media tests on an offline machine.
// Shared by the e2e suite, the browser suite (web-test-runner.config.mjs) and the benchmarks.
import { chromium } from 'playwright-core';
import { findChromium } from '../../scripts/lib/paths.mjs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Command-line flags for headless real-media tests.
 * - fake media: getUserMedia gets a fake camera + microphone without a permission prompt;
 * - offline machine: no background fetches, component updates or QUIC probes;
 * - autoplay: remote <audio>/<video> elements play without a user gesture;
 * - `--no-sandbox` only when running as root (Chromium refuses to start otherwise).
 * Not needed, checked with tests/smoke.test.mjs (passes without them on Chromium 156):
 * `--allow-loopback-in-peer-connection` and `--disable-features=WebRtcHideLocalIpsWithMdns` — LiveKit offers
 * its own 127.0.0.1 candidate (`rtc.enable_loopback_candidate`) and the browser's host candidates do not matter.
 * Pass `extraArgs` to add them when a LiveKit server elsewhere needs them.
 */
export const chromiumArgs = [
  ...(isRoot ? ['--no-sandbox'] : []),
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--autoplay-policy=no-user-gesture-required',
];

/** The Chromium executable, or a clear error when there is none. */
export function chromiumPath() {
  const path = findChromium();
  if (!path) {
    throw new Error(
      'Chromium not found. Run `npm run setup` (installs it with apt as root on Debian) or set CHROME_PATH.',
    );
  }
  return path;
}

/**
 * Launches the system Chromium with {@link chromiumArgs}.
 *
 * @param {import('playwright-core').LaunchOptions & { extraArgs?: string[] }} [options]
 *   playwright launch options; `extraArgs` are appended to the default flags.
 * @returns {Promise<import('playwright-core').Browser>} close it in an `after` hook.
 * @example
 * const browser = await launchChromium();
 * const page = await (await browser.newContext()).newPage();
 */
export async function launchChromium(options = {}) {
  const { extraArgs = [], args, ...rest } = options;
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    ...rest,
    args: [...(args ?? chromiumArgs), ...extraArgs],
  });
}
