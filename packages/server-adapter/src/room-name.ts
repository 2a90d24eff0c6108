type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<HmacKey>>();
const names = new Map<string, string>();
const MAX_CACHED_NAMES = 10_000;
const MAX_CACHED_KEYS = 100;
/** Fixed HKDF salt: domain separation from every other use of the API secret (LiveKit signs JWTs with it). */
const SALT = encoder.encode('visitkit/room-name/v1');

/**
 * The room-name key for one tenant: HKDF-SHA256(API secret, salt, info = tenant), never the API secret itself,
 * so a room name reveals nothing usable about the secret and each tenant gets an unrelated key.
 */
function roomKey(apiSecret: string, tenant: string): Promise<HmacKey> {
  const cacheKey = `${tenant.length}:${tenant}\u0000${apiSecret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = (async () => {
      const secret = await crypto.subtle.importKey('raw', encoder.encode(apiSecret), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: encoder.encode(`tenant:${tenant}`) },
        secret,
        { name: 'HMAC', hash: 'SHA-256', length: 256 },
        false,
        ['sign'],
      );
    })();
    if (keys.size >= MAX_CACHED_KEYS) keys.clear();
    keys.set(cacheKey, key);
  }
  return key;
}

/**
 * The LiveKit room name of a visit: `vk_` + 32 hex characters of HMAC-SHA256(key, visit id), where the key is
 * derived with HKDF from the API secret and the portal's `tenant`. Opaque (no visit id or person in it, not
 * guessable without the secret), the same in every adapter instance with the same secret and tenant (no lookup
 * table), and different for two portals that share one LiveKit project but set different tenants — their
 * visits never meet in one room even when their visit ids collide. Uses WebCrypto: any Fetch runtime.
 *
 * @example
 * await roomNameFor('visit-42', apiSecret, { tenant: 'county-portal' }) // 'vk_3f1c…' (35 characters)
 */
export async function roomNameFor(
  visitId: string,
  apiSecret: string,
  options: { tenant?: string } = {},
): Promise<string> {
  const tenant = options.tenant ?? '';
  const cacheKey = `${tenant.length}:${tenant}\u0000${apiSecret.length}:${apiSecret}\u0000${visitId}`;
  const cached = names.get(cacheKey);
  if (cached) return cached;
  const signature = await crypto.subtle.sign(
    'HMAC',
    await roomKey(apiSecret, tenant),
    encoder.encode(`visitkit-room:${visitId}`),
  );
  const hex = Array.from(new Uint8Array(signature).subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
  const name = `vk_${hex}`;
  if (names.size >= MAX_CACHED_NAMES) names.clear();
  names.set(cacheKey, name);
  return name;
}
