const encoder = new TextEncoder();
/** Fixed HKDF salt: domain separation from any other use a portal makes of the same secret. */
const SALT = encoder.encode('visitkit/e2ee-key/v1');
/** Shortest accepted `e2eeSecret`: 32 bytes of entropy when random, as a hex or base64 string at least as long. */
export const MIN_E2EE_SECRET_LENGTH = 32;

/** A fresh random secret for a handler created without `e2eeSecret` (single-instance deployments, tests). */
export function randomE2eeSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

/** Throws a `TypeError` when `secret` is too short to derive keys from. */
export function assertE2eeSecret(secret: string | Uint8Array): void {
  const length = typeof secret === 'string' ? encoder.encode(secret).length : secret.length;
  if (length < MIN_E2EE_SECRET_LENGTH)
    throw new TypeError(`e2eeSecret must be at least ${MIN_E2EE_SECRET_LENGTH} bytes`);
}

/**
 * The end-to-end media key of one privileged visit: HKDF-SHA256 over the portal's own `e2eeSecret` (never
 * LiveKit's API secret: whoever runs LiveKit holds that one), with the tenant and the visit id as info, as 32
 * bytes of unpadded base64url. Derived rather than stored, so both parties get the same key from any adapter
 * instance and the key is never written to the visit store (and so never reaches the ledger or `onEvent`).
 *
 * @example
 * await e2eeKeyFor('visit-42', secret, 'county-portal') // 'q3V…' (43 characters)
 */
export async function e2eeKeyFor(visitId: string, secret: string | Uint8Array, tenant: string): Promise<string> {
  const ikm = typeof secret === 'string' ? encoder.encode(secret) : secret;
  const material = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: SALT,
      info: encoder.encode(`tenant:${tenant.length}:${tenant}\u0000visit:${visitId}`),
    },
    material,
    256,
  );
  // btoa, not Buffer: the handler runs on any Fetch runtime.
  return btoa(String.fromCharCode(...new Uint8Array(bits)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
