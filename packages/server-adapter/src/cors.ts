/** Cross-origin access to the routes. Off unless configured: the widget usually runs on the portal's origin. */
export interface CorsOptions {
  /** Exact origins (`https://portal.example.org`) allowed to call the routes from a browser. */
  origins: readonly string[];
  /** Send `Access-Control-Allow-Credentials: true` (cookies). Default false. */
  credentials?: boolean;
}

const ALLOWED_HEADERS = 'content-type, authorization';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/** CORS headers for a request's origin: empty when CORS is off or the origin is not on the allow-list. */
export function corsHeaders(cors: CorsOptions | undefined, request: Request): Headers {
  const headers = new Headers();
  const origin = request.headers.get('origin');
  if (!cors || !origin || !cors.origins.includes(origin)) return headers;
  headers.set('access-control-allow-origin', origin);
  headers.set('vary', 'Origin');
  if (cors.credentials) headers.set('access-control-allow-credentials', 'true');
  return headers;
}

/** The answer to a preflight (`OPTIONS`) from an allowed origin, or `undefined` to treat it as any request. */
export function preflightResponse(cors: CorsOptions | undefined, request: Request): Response | undefined {
  if (request.method !== 'OPTIONS') return undefined;
  const headers = corsHeaders(cors, request);
  if (!headers.has('access-control-allow-origin')) return undefined;
  headers.set('access-control-allow-methods', ALLOWED_METHODS);
  headers.set('access-control-allow-headers', ALLOWED_HEADERS);
  headers.set('access-control-max-age', '600');
  return new Response(null, { status: 204, headers });
}

/** Copies CORS headers onto a response (responses from `new Response` have mutable headers). */
export function withCors(response: Response, headers: Headers): Response {
  headers.forEach((value, key) => response.headers.set(key, value));
  return response;
}
