import { RoomServiceClient } from 'livekit-server-sdk';

/** How the adapter reaches LiveKit. Keep `apiSecret` on the server; it never appears in a response or log. */
export interface LiveKitOptions {
  /** The URL clients connect to (`wss://…` or `ws://…`); the RoomService URL is derived from it. */
  url: string;
  /**
   * Where the adapter itself reaches LiveKit's RoomService, when that differs from what clients use — e.g. the
   * cluster's load balancer on the private network while clients get the public `url`. Default: derived from `url`.
   */
  apiUrl?: string;
  apiKey: string;
  apiSecret: string;
}

/**
 * The RoomService (Twirp over HTTP) URL for a client URL: `wss://host` → `https://host`.
 *
 * @example
 * roomServiceUrl('wss://video.example.org') // 'https://video.example.org'
 */
export function roomServiceUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//i, 'http$1://');
}

/** A RoomService client for the given connection. */
export function createRoomService(livekit: LiveKitOptions): RoomServiceClient {
  return new RoomServiceClient(roomServiceUrl(livekit.apiUrl ?? livekit.url), livekit.apiKey, livekit.apiSecret);
}

/** Whether a RoomService error means "no such room/participant" (Twirp `not_found`), not an outage. */
export function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return status === 404 || code === 'not_found';
}

const LIVEKIT_URL = /^(wss?|https?):\/\/[^\s]+$/i;

/** Checks the options once, at construction, so a typo fails loudly instead of on the first visit. */
export function assertLiveKitOptions(livekit: LiveKitOptions): void {
  if (!LIVEKIT_URL.test(livekit.url ?? '')) {
    throw new TypeError('livekit.url must be a ws(s):// or http(s):// URL');
  }
  if (livekit.apiUrl !== undefined && !LIVEKIT_URL.test(livekit.apiUrl)) {
    throw new TypeError('livekit.apiUrl must be a ws(s):// or http(s):// URL');
  }
  if (!livekit.apiKey || !livekit.apiSecret) throw new TypeError('livekit.apiKey and livekit.apiSecret are required');
}
