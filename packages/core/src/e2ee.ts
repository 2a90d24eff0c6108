/**
 * End-to-end encryption of privileged visits: livekit-client's E2EE (insertable streams or RTCRtpScriptTransform,
 * AES-GCM in a worker) with one shared key per visit from the token response. The second of the two core modules
 * that import livekit-client; it is only reached for privileged visits, so social visits never create the worker
 * (the worker file is loaded by the browser only when `new Worker` runs).
 *
 * It imports from livekit-client only what livekit-client's `Room` already holds (`isE2EESupported`,
 * `KeyProviderEvent`): a bundle keeps all of livekit-client's single ESM module in the first-load chunk, so any
 * other class imported here (its `ExternalE2EEKeyProvider`) would be shipped to every social visit too. The key
 * provider is therefore our own ({@link VisitKeyProvider}).
 */
import { isE2EESupported, KeyProviderEvent } from 'livekit-client';
import type {
  BaseKeyProvider,
  E2EEManagerOptions,
  KeyInfo,
  KeyProviderCallbacks,
  KeyProviderOptions,
} from 'livekit-client';

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
  const keyProvider = new VisitKeyProvider();
  const worker = createWorker();
  return {
    options: { keyProvider: asLiveKitKeyProvider(keyProvider), worker },
    keyReady: keyProvider.setKey(decodeKey(key)),
    dispose: () => worker.terminate(),
  };
}

/**
 * What LiveKit's E2EE manager calls on its key provider (livekit-client `src/e2ee/E2eeManager.ts`: `getOptions`
 * when the worker starts, `getKeys`/`getLatestManuallySetKeyIndex` on (re)connect, `on` for new keys and ratchet
 * requests, `emit` for ratcheted keys).
 */
interface KeyProviderContract extends Pick<
  BaseKeyProvider,
  'getOptions' | 'getKeys' | 'getLatestManuallySetKeyIndex' | 'emit'
> {
  /** As `BaseKeyProvider.on`, chainable. */
  on<E extends keyof KeyProviderCallbacks>(event: E, listener: KeyProviderCallbacks[E]): KeyProviderContract;
}

/**
 * The one place our provider becomes livekit-client's type: `BaseKeyProvider` has private fields, so TypeScript
 * accepts only its own subclasses, while LiveKit uses nothing beyond {@link KeyProviderContract} — which the
 * parameter type checks at compile time.
 */
function asLiveKitKeyProvider(provider: KeyProviderContract): BaseKeyProvider {
  return provider as BaseKeyProvider;
}

/**
 * Options the worker receives: those of livekit-client's `ExternalE2EEKeyProvider` with a 256-bit key — one key
 * shared by every participant, never auto-ratcheted, and a wrong key never marks a participant's key invalid (a
 * frame that fails to decrypt is dropped). The salt is LiveKit's default, so other LiveKit SDKs given the same key
 * derive the same AES key.
 */
const KEY_PROVIDER_OPTIONS: KeyProviderOptions = {
  sharedKey: true,
  ratchetSalt: 'LKFrameEncryptionKey',
  ratchetWindowSize: 0,
  failureTolerance: -1,
  keyringSize: 16,
  keySize: 256,
};

/**
 * A shared-key provider satisfying livekit-client's key provider contract without its classes (see the module
 * comment): holds the visit's key as HKDF key material and hands it to LiveKit's E2EE manager, which posts it to
 * the worker. Behaves as `ExternalE2EEKeyProvider.setKey(ArrayBuffer)` does.
 */
class VisitKeyProvider implements KeyProviderContract {
  #keys: KeyInfo[] = [];
  readonly #listeners = new Map<keyof KeyProviderCallbacks, ((...args: never[]) => void)[]>();

  getOptions(): KeyProviderOptions {
    return KEY_PROVIDER_OPTIONS;
  }

  getKeys(): KeyInfo[] {
    return [...this.#keys];
  }

  /** Keys are set without an index (one shared key at index 0). */
  getLatestManuallySetKeyIndex(): number {
    return 0;
  }

  on<E extends keyof KeyProviderCallbacks>(event: E, listener: KeyProviderCallbacks[E]): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  emit<E extends keyof KeyProviderCallbacks>(event: E, ...args: Parameters<KeyProviderCallbacks[E]>): boolean {
    // `on` files each listener under its own event, so the listeners of `event` take its arguments.
    const listeners = (this.#listeners.get(event) ?? []) as unknown as ((
      ...a: Parameters<KeyProviderCallbacks[E]>
    ) => void)[];
    for (const listener of listeners) listener(...args);
    return listeners.length > 0;
  }

  /** Imports the raw key as HKDF material (the worker derives the AES-GCM key) and hands it to LiveKit. */
  async setKey(raw: ArrayBuffer): Promise<void> {
    const key = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveBits', 'deriveKey']);
    const info: KeyInfo = { key };
    this.#keys = [info];
    this.emit(KeyProviderEvent.SetKey, info, false);
  }
}

function decodeKey(key: string): ArrayBuffer {
  const binary = atob(key.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
