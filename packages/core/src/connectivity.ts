/** How long a reachability probe may take before the server counts as unreachable. */
const PROBE_TIMEOUT_MS = 5000;

/** `ws(s)://` → `http(s)://`, as LiveKit's HTTP endpoints live on the same origin as its signal socket. */
export function toHttpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//, 'http$1://');
}

/**
 * Whether the LiveKit server answers HTTP at all. An opaque (`no-cors`) answer is enough: only a network
 * failure or a timeout counts as unreachable. This joins nothing and consumes nothing.
 *
 * @example
 * const ok = await isReachable('wss://livekit.example.org', signal);
 */
export async function isReachable(
  serverUrl: string,
  signal: AbortSignal,
  doFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<boolean> {
  const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  try {
    await doFetch(toHttpUrl(serverUrl), {
      method: 'GET',
      mode: 'no-cors',
      cache: 'no-store',
      signal: AbortSignal.any([signal, timeout]),
    });
    return true;
  } catch {
    return false;
  }
}
