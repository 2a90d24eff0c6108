/**
 * The server's clock as seen from the browser: `server_time` from the token response, corrected by half
 * the request's round trip (the answer was written, on average, half-way through the request).
 *
 * @example
 * const sentAt = Date.now();
 * const response = await fetchToken();
 * const clock = ServerClock.fromResponse(response.server_time, sentAt, Date.now());
 * const msLeft = Date.parse(visit.endsAt) - clock.now();
 */
export class ServerClock {
  /** Milliseconds to add to the local clock to get the server's. */
  readonly offsetMs: number;
  readonly #localNow: () => number;

  constructor(offsetMs = 0, localNow: () => number = Date.now) {
    this.offsetMs = offsetMs;
    this.#localNow = localNow;
  }

  /** Builds a clock from a server timestamp and the local send/receive times of the request that carried it. */
  static fromResponse(serverTime: string, sentAt: number, receivedAt: number, localNow?: () => number): ServerClock {
    const server = Date.parse(serverTime);
    if (Number.isNaN(server)) return new ServerClock(0, localNow);
    const roundTrip = Math.max(0, receivedAt - sentAt);
    return new ServerClock(server + roundTrip / 2 - receivedAt, localNow);
  }

  /** Current server time, in epoch milliseconds. */
  now(): number {
    return this.#localNow() + this.offsetMs;
  }

  /** Milliseconds from now (server time) until an ISO time; negative once it has passed. */
  msUntil(iso: string): number {
    return Date.parse(iso) - this.now();
  }
}
