// Where the project keeps what it installs for itself. Node built-ins only.
import { existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Ignored folder for tools the project installs for itself; VISITKIT_TOOLS_DIR moves it (used to test set-up). */
export const TOOLS_DIR = process.env.VISITKIT_TOOLS_DIR
  ? resolve(process.env.VISITKIT_TOOLS_DIR)
  : join(ROOT, '.tools');
export const TOOLS_BIN = join(TOOLS_DIR, 'bin');
export const LIVEKIT_VERSION = '1.13.5';

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** First executable with one of `names` on PATH, or undefined. */
export function which(...names) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The livekit-server binary: LIVEKIT_SERVER_BIN, then our tools folder (the pinned version), then PATH. */
export function findLiveKitBinary() {
  const fromEnv = process.env.LIVEKIT_SERVER_BIN;
  if (fromEnv && isFile(fromEnv)) return fromEnv;
  if (isFile(join(TOOLS_BIN, 'livekit-server'))) return join(TOOLS_BIN, 'livekit-server');
  return which('livekit-server');
}

/** Chromium or Chrome: CHROME_PATH, then the usual names on PATH. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return which('chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome');
}
