type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<HmacKey>>();
const names = new Map<string, string>();
const MAX_CACHED_NAMES = 10_000;

function hmacKey(secret: string): Promise<HmacKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

/**
 * The LiveKit room name of a visit: `vk_` + 32 hex characters of HMAC-SHA256(apiSecret, visit id).
 * Opaque (no visit id or person in it, not guessable without the secret) and the same in every adapter
 * instance that shares the API secret, so no lookup table is needed. Uses WebCrypto: any Fetch runtime.
 *
 * @example
 * await roomNameFor('visit-42', apiSecret) // 'vk_3f1c…' (35 characters)
 */
export async function roomNameFor(visitId: string, apiSecret: string): Promise<string> {
  const cacheKey = `${apiSecret.length}:${apiSecret}\u0000${visitId}`;
  const cached = names.get(cacheKey);
  if (cached) return cached;
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(apiSecret), encoder.encode(`visitkit-room:${visitId}`));
  const hex = Array.from(new Uint8Array(signature).subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  const name = `vk_${hex}`;
  if (names.size >= MAX_CACHED_NAMES) names.clear();
  names.set(cacheKey, name);
  return name;
}
