import { ERROR_STATUS, ErrorBodySchema } from './protocol/errors.js';
import { TokenResponseSchema } from './protocol/token.js';
import type { Consent, TokenResponse } from './protocol/token.js';
import { sleep, throwIfAborted } from './abort.js';
import { ServerClock } from './server-clock.js';
import { VisitError } from './visit-error.js';

/** A function that returns a token response (validated like an HTTP answer). */
export type TokenProvider = (request: { visitId: string; consent?: Consent }, signal: AbortSignal) => Promise<unknown>;

/** Where and how to get a token. */
export interface TokenFetcherOptions {
  visitId: string;
  /** `POST` JSON `{consent?}` here; answers a `TokenResponse` or `{error:{code,message}}`. */
  tokenUrl?: string;
  tokenProvider?: TokenProvider;
  fetch?: typeof fetch;
  /** Retries after the first attempt, on network errors and 5xx only. Default 3. */
  retries?: number;
  /** First backoff delay; doubles each retry, plus up to 50% jitter. Default 300 ms. */
  backoffMs?: number;
}

/** A validated token plus the server clock measured by the request that brought it. */
export interface FetchedToken {
  readonly response: TokenResponse;
  readonly clock: ServerClock;
  /** Local time when it arrived; a cached token is reused only while its visit has not ended. */
  readonly receivedAt: number;
}

/** Thrown internally for failures worth another attempt. */
class Retryable extends Error {
  readonly error: VisitError;
  constructor(error: VisitError) {
    super(error.message);
    this.error = error;
  }
}

/**
 * Gets a participant token: bounded retries with exponential backoff and jitter on network errors and
 * 5xx answers, never on 4xx; every answer is validated with the protocol schemas.
 *
 * @example
 * const token = await fetchToken({ visitId: 'v1', tokenUrl: '/api/visitkit/visits/v1/token' }, { consent }, signal);
 * token.response.server_url; token.clock.now();
 */
export async function fetchToken(
  options: TokenFetcherOptions,
  request: { consent?: Consent },
  signal: AbortSignal,
): Promise<FetchedToken> {
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 300;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(signal);
    try {
      return await attemptOnce(options, request, signal);
    } catch (error) {
      if (signal.aborted) throw VisitError.aborted();
      if (!(error instanceof Retryable)) throw error;
      if (attempt >= retries) throw error.error;
      const delay = backoffMs * 2 ** attempt * (1 + Math.random() * 0.5);
      await sleep(delay, signal);
    }
  }
}

async function attemptOnce(
  options: TokenFetcherOptions,
  request: { consent?: Consent },
  signal: AbortSignal,
): Promise<FetchedToken> {
  const sentAt = Date.now();
  let body: unknown;
  if (options.tokenProvider) {
    try {
      body = await options.tokenProvider({ visitId: options.visitId, ...request }, signal);
    } catch (error) {
      if (error instanceof VisitError) throw error;
      throw new Retryable(
        new VisitError('server-unreachable', 'The token provider failed.', { cause: error, retryable: true }),
      );
    }
  } else if (options.tokenUrl) {
    body = await post(options, request, signal);
  } else {
    throw new VisitError('invalid-state', 'VisitClient needs a tokenUrl or a tokenProvider.');
  }
  const receivedAt = Date.now();
  const parsed = TokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new VisitError('invalid-response', 'The token endpoint answered with an unexpected body.', {
      cause: parsed.error,
    });
  }
  return {
    response: parsed.data,
    clock: ServerClock.fromResponse(parsed.data.server_time, sentAt, receivedAt),
    receivedAt,
  };
}

async function post(
  options: TokenFetcherOptions,
  request: { consent?: Consent },
  signal: AbortSignal,
): Promise<unknown> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(options.tokenUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request.consent ? { consent: request.consent } : {}),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw VisitError.aborted();
    throw new Retryable(
      new VisitError('server-unreachable', 'The token endpoint is unreachable.', { cause: error, retryable: true }),
    );
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    if (signal.aborted) throw VisitError.aborted();
    json = undefined;
    if (response.ok) {
      throw new VisitError('invalid-response', 'The token endpoint did not answer JSON.', {
        cause: error,
        status: response.status,
      });
    }
  }
  if (response.ok) return json;
  const failure = ErrorBodySchema.safeParse(json);
  // Our server answers each code with its own status; an envelope that contradicts its status (a 403 saying
  // `internal`, a 502 saying `forbidden`) is not ours, and the status decides.
  const error =
    failure.success && ERROR_STATUS[failure.data.error.code] === response.status
      ? VisitError.fromServer(failure.data.error.code, failure.data.error.message, response.status)
      : new VisitError(
          response.status >= 500 ? 'server-unreachable' : 'invalid-response',
          `The token endpoint answered ${response.status}.`,
          { status: response.status, retryable: response.status >= 500 },
        );
  if (response.status >= 500) throw new Retryable(error);
  throw error;
}
