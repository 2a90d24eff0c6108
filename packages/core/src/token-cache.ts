import type { Consent } from './protocol/token.js';
import { raceAbort } from './abort.js';
import { fetchToken } from './token-fetcher.js';
import type { FetchedToken, TokenFetcherOptions } from './token-fetcher.js';
import { VisitError } from './visit-error.js';

/**
 * The visit's token, fetched as early as possible and reused: the prejoin screen fetches it without
 * consent (to check connectivity and warm the connection), Join reuses it while the visit has not
 * ended, and fetches again (with consent) when the early fetch was refused or a consent was given: the server
 * records every consent and checks it against the current rules, so a consent is never left unsent.
 *
 * @example
 * const tokens = new TokenCache({ visitId: 'v1', tokenUrl });
 * void tokens.prefetch(signal);             // prejoin
 * const token = await tokens.forJoin(consent, signal);
 */
export class TokenCache {
  readonly #options: TokenFetcherOptions;
  #token: FetchedToken | undefined;
  /** The consent the current token was fetched with. */
  #tokenConsent: Consent | undefined;
  #prefetch: Promise<FetchedToken | undefined> | undefined;
  #prefetchError: VisitError | undefined;

  constructor(options: TokenFetcherOptions) {
    this.#options = options;
  }

  /** The token in use, once one was fetched. */
  get current(): FetchedToken | undefined {
    return this.#token;
  }

  /** Why the early fetch failed (consent, window, network), if it did. */
  get prefetchError(): VisitError | undefined {
    return this.#prefetchError;
  }

  /** Fetches a token without consent, once; resolves `undefined` instead of rejecting. */
  prefetch(signal: AbortSignal): Promise<FetchedToken | undefined> {
    this.#prefetch ??= fetchToken(this.#options, {}, signal).then(
      (token) => {
        this.#token ??= token;
        this.#prefetchError = undefined;
        return token;
      },
      (error: unknown) => {
        this.#prefetch = undefined; // a later check may try again
        this.#prefetchError = error instanceof VisitError ? error : undefined;
        return undefined;
      },
    );
    return this.#prefetch;
  }

  /** The token for Join: the early one while its visit has not ended, else a fresh one with consent. */
  async forJoin(consent: Consent | undefined, signal: AbortSignal): Promise<FetchedToken> {
    const early = await raceAbort(this.#prefetch ?? Promise.resolve(undefined), signal);
    const cached = this.#token ?? early;
    const sent = consent === undefined || (cached === this.#token && this.#tokenConsent === consent);
    if (cached && sent && cached.clock.msUntil(cached.response.visit.endsAt) > 0) return cached;
    return this.fresh(consent, signal);
  }

  /**
   * Forgets the token (and the early fetch): LiveKit would not connect with it (refused it, or the first connect
   * gave up), so the next Join asks the server for a new one instead of trying the same token again.
   */
  discard(): void {
    this.#token = undefined;
    this.#tokenConsent = undefined;
    this.#prefetch = undefined;
  }

  /** Always asks the server (Join after a refusal, or recovery after LiveKit gave up). */
  async fresh(consent: Consent | undefined, signal: AbortSignal): Promise<FetchedToken> {
    const token = await fetchToken(this.#options, consent ? { consent } : {}, signal);
    this.#token = token;
    this.#tokenConsent = consent;
    return token;
  }
}
