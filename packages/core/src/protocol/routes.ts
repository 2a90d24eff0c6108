/** Where the handler is mounted unless the portal says otherwise (`basePath` / `api-base`). */
export const DEFAULT_BASE_PATH = '/api/visitkit';

/**
 * The handler's per-visit routes and their methods (docs/architecture.md "HTTP routes of the handler"):
 * `${basePath}/visits/${visitId}/${route}`. The browser client, `<vk-monitor>` and the handler all build or match
 * paths from this one table.
 */
export const VISIT_ROUTES = {
  token: 'POST',
  terminate: 'POST',
  warn: 'POST',
  mute: 'POST',
  ledger: 'GET',
  'media-state': 'POST',
  joined: 'POST',
} as const satisfies Record<string, 'GET' | 'POST'>;
/** A per-visit route of the handler. */
export type VisitRoute = keyof typeof VISIT_ROUTES;

/** The path of LiveKit's webhook, relative to the handler's `basePath`. */
export const WEBHOOK_PATH = '/livekit/webhook';

/**
 * The URL of one visit's route under `base` (a path or an absolute URL; trailing slashes are ignored).
 *
 * @example
 * visitRoutePath('/api/visitkit/', 'v 1', 'token'); // → '/api/visitkit/visits/v%201/token'
 */
export function visitRoutePath(base: string, visitId: string, route: VisitRoute): string {
  return `${base.replace(/\/+$/, '')}/visits/${encodeURIComponent(visitId)}/${route}`;
}
