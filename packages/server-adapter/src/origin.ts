import type { CorsOptions } from './cors.js';
import { VisitHttpError } from './http-error.js';

/**
 * Refuses browser requests made by pages of other sites (403 `origin-not-allowed`), so a page on a sibling
 * subdomain or any other site cannot spend a signed-in person's cookie on the adapter's routes
 * (`SameSite=Lax` does not stop sibling subdomains; a cross-site form post needs only a cookie).
 *
 * - `Origin` equal to the request's own origin (same host and port; the scheme is not compared because a
 *   TLS-terminating proxy hands the adapter `http://` URLs) or listed in `cors.origins`: allowed.
 * - `Origin: null` (sandboxed frames, `file:` pages, some redirects) or any other origin: refused.
 * - No `Origin` at all: a server-to-server caller (LiveKit's webhook, `curl`, a backend) — allowed; these carry
 *   no browser cookies, and `authorize` (or the webhook signature) decides. A browser navigation that says
 *   `Sec-Fetch-Site: cross-site`/`same-site` without an `Origin` is refused, though.
 *
 * @example
 * checkOrigin(new Request('https://portal.example/api/visitkit/…', { headers: { origin: 'https://evil.example' } }), undefined);
 * // throws VisitHttpError('origin-not-allowed')
 */
export function checkOrigin(request: Request, cors: CorsOptions | undefined): void {
  const origin = request.headers.get('origin');
  if (origin === null) {
    const site = request.headers.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') throw refused();
    return;
  }
  if (cors?.origins.includes(origin)) return;
  if (origin !== 'null' && hostOf(origin) === new URL(request.url).host) return;
  throw refused();
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function refused(): VisitHttpError {
  return new VisitHttpError(
    'origin-not-allowed',
    'Requests from this site are not allowed. Add its origin to the CORS allow-list if it should be.',
  );
}
