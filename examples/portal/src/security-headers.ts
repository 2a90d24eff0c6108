import { randomBytes } from 'node:crypto';

/** A fresh CSP nonce (128 random bits) for one HTML response. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Where the widget's LiveKit connection goes, for `connect-src`: the `ws(s):` URL of the token response and its
 * `http(s):` twin (livekit-client calls `/rtc/validate` over HTTP when a connection fails).
 *
 * @example
 * liveKitSources('wss://video.example.org'); // ['wss://video.example.org', 'https://video.example.org']
 */
export function liveKitSources(livekitUrl: string): string[] {
  const url = new URL(livekitUrl);
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  return [`${secure ? 'wss' : 'ws'}://${url.host}`, `${secure ? 'https' : 'http'}://${url.host}`];
}

/**
 * The Content-Security-Policy of the portal's pages — also the policy a portal embedding `<vk-visit>` needs:
 * - scripts only from the portal itself, plus inline scripts carrying this response's nonce (the import map
 *   and the small page glue); no `unsafe-inline`, no `eval`;
 * - `connect-src` the portal (token route) and the LiveKit server (signalling WebSocket);
 * - `worker-src 'self'` for the end-to-end encryption worker of privileged visits (`e2ee-worker.js`, served next
 *   to the Visitkit scripts; `blob:` is needed only when those scripts come from another origin, e.g. a CDN);
 * - `media-src blob: mediastream:` for the media elements;
 * - `style-src-attr 'unsafe-inline'`: Lit templates carry a few `style="…"` attributes; `<style>` elements
 *   still need the nonce;
 * - `frame-ancestors 'none'`: no other site can frame the visit (clickjacking the Join button or the camera).
 *
 * @example
 * contentSecurityPolicy(newNonce(), ['ws://127.0.0.1:7880', 'http://127.0.0.1:7880']);
 */
export function contentSecurityPolicy(nonce: string, connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    `connect-src 'self' ${connectSources.join(' ')}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "worker-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers every portal response carries. Camera and microphone only for the portal's own pages, nothing else
 * powerful; no framing; no referrer to other origins (visit ids are in the URLs); no MIME sniffing.
 */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), usb=()',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Adds `nonce` to every `<script` and `<style` start tag of a page. Safe because every page is built with the
 * escaping `html` template (html.ts): untrusted text can never contain a literal `<script`, so only the
 * portal's own tags get the nonce.
 *
 * @example
 * withNonce('<script type="module">…</script>', 'abc'); // '<script type="module" nonce="abc">…</script>'
 */
export function withNonce(page: string, nonce: string): string {
  return page.replace(
    /<(script|style)(\s[^>]*)?>/g,
    (_tag, name: string, attributes = '') => `<${name}${attributes} nonce="${nonce}">`,
  );
}

/**
 * An HTML page with its security headers: a fresh nonce on its inline scripts and styles, and the CSP that
 * allows exactly those.
 *
 * @example
 * const { body, headers } = securePage(html, liveKitSources(livekit.url));
 */
export function securePage(
  page: string,
  connectSources: readonly string[],
): { body: string; headers: Record<string, string> } {
  const nonce = newNonce();
  return {
    body: withNonce(page, nonce),
    headers: { ...BASE_SECURITY_HEADERS, 'content-security-policy': contentSecurityPolicy(nonce, connectSources) },
  };
}
