/**
 * End-to-end encryption of privileged visits: livekit-client's E2EE (insertable streams or RTCRtpScriptTransform,
 * AES-GCM in a worker) with one shared key per visit from the token response. The second of the two core modules
 * that import livekit-client; it is only reached for privileged visits, so social visits never create the worker
 * (the worker file is loaded by the browser only when `new Worker` runs).
 */
import { ExternalE2EEKeyProvider, isE2EESupported } from 'livekit-client';
import type { E2EEManagerOptions } from 'livekit-client';

/**
 * Creates the worker that encrypts and decrypts media frames: livekit-client's `e2ee-worker` of the same
 * livekit-client version. Default: the copy shipped next to this module (`e2ee-worker.js` in `@visitkit/core/dist`,
 * and next to the CDN bundle). Give your own when your bundler moves files, e.g.
 * `() => new Worker(new URL('livekit-client/e2ee-worker', import.meta.url), { type: 'module' })`.
 */
export type E2eeWorkerFactory = () => Worker;

/**
 * The default {@link E2eeWorkerFactory}: the worker file next to this module (resolved like an import). Browsers
 * start workers only from the page's own origin; when this module was loaded from another one (a CDN), a tiny
 * `blob:` worker imports the file instead — that, and only that, needs `blob:` in the page's `worker-src`.
 */
export const defaultE2eeWorker: E2eeWorkerFactory = () => {
  const url = new URL('./e2ee-worker.js', import.meta.url);
  if (url.origin === globalThis.location?.origin) return new Worker(url, { name: 'visitkit-e2ee' });
  const loader = new Blob([`importScripts(${JSON.stringify(url.href)});`], { type: 'text/javascript' });
  const blobUrl = URL.createObjectURL(loader);
  try {
    return new Worker(blobUrl, { name: 'visitkit-e2ee' });
  } finally {
    URL.revokeObjectURL(blobUrl);
  }
};

/** Whether this browser can encrypt media end to end (insertable streams or RTCRtpScriptTransform). */
export function e2eeSupported(): boolean {
  return isE2EESupported();
}

/** One visit's encryption: options for LiveKit's Room, the key being imported, and the worker to stop. */
export interface VisitEncryption {
  readonly options: E2EEManagerOptions;
  /** Resolves once the key is imported into the key provider (the worker receives it from there). */
  readonly keyReady: Promise<void>;
  /** Stops the worker; LiveKit leaves that to its owner. */
  dispose(): void;
}

/**
 * Sets up encryption with the visit's key (unpadded base64url of 32 random bytes, as the server adapter sends
 * it). The raw key goes through HKDF in livekit-client (an ArrayBuffer key; a string would be a passphrase for
 * PBKDF2) to an AES-GCM-256 key.
 *
 * @example
 * const encryption = createVisitEncryption(token.e2ee_key);
 * const room = new Room({ e2ee: encryption.options });
 */
export function createVisitEncryption(
  key: string,
  createWorker: E2eeWorkerFactory = defaultE2eeWorker,
): VisitEncryption {
  const keyProvider = new ExternalE2EEKeyProvider({ keySize: 256 });
  const worker = createWorker();
  return {
    options: { keyProvider, worker },
    keyReady: keyProvider.setKey(decodeKey(key)),
    dispose: () => worker.terminate(),
  };
}

function decodeKey(key: string): ArrayBuffer {
  const binary = atob(key.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
