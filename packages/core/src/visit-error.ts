import type { ErrorCode } from './protocol/errors.js';

/**
 * Every way a visit can fail, as a closed union clients can switch over.
 * Server-side refusals keep the server's code (`not-open-yet`, `visit-full`, …).
 */
export type VisitErrorCode =
  // devices
  | 'permission-denied'
  | 'device-not-found'
  | 'device-in-use'
  | 'device-failed'
  // token endpoint
  | 'unauthenticated'
  | 'forbidden'
  | 'privileged-visit'
  | 'not-found'
  | 'not-open-yet'
  | 'visit-ended'
  | 'visit-full'
  | 'visit-terminated'
  | 'consent-required'
  | 'rate-limited'
  | 'consent-outdated'
  | 'bad-request'
  | 'server-unreachable'
  | 'invalid-response'
  // media connection
  | 'connection-failed'
  /** A privileged visit in a browser that cannot encrypt media end to end: nothing was sent. */
  | 'e2ee-unsupported'
  // client misuse
  | 'invalid-state'
  | 'aborted';

/** Options for {@link VisitError}. */
export interface VisitErrorOptions {
  cause?: unknown;
  /** HTTP status, when the error came from the token endpoint. */
  status?: number;
  /** Whether trying the same action again may succeed (devices freed, network back, …). */
  retryable?: boolean;
}

/**
 * The one error type of `@visitkit/core`.
 *
 * @example
 * try { await client.join(); } catch (e) {
 *   if (e instanceof VisitError && e.code === 'consent-required') showConsent();
 * }
 */
export class VisitError extends Error {
  override readonly name = 'VisitError';
  readonly code: VisitErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(code: VisitErrorCode, message: string, options: VisitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
  }

  static permissionDenied(device: 'camera' | 'microphone' | 'camera and microphone', cause?: unknown): VisitError {
    return new VisitError('permission-denied', `Access to the ${device} was blocked.`, { cause, retryable: true });
  }

  static deviceNotFound(device: 'camera' | 'microphone', cause?: unknown): VisitError {
    return new VisitError('device-not-found', `No ${device} was found.`, { cause, retryable: true });
  }

  static deviceInUse(device: 'camera' | 'microphone', cause?: unknown): VisitError {
    return new VisitError('device-in-use', `The ${device} is in use by another application.`, {
      cause,
      retryable: true,
    });
  }

  /** Maps an error answer of the token endpoint to a typed error. */
  static fromServer(code: ErrorCode, message: string, status: number): VisitError {
    switch (code) {
      case 'unauthenticated':
      case 'forbidden':
      case 'privileged-visit':
      case 'not-found':
      case 'not-open-yet':
      case 'visit-ended':
      case 'visit-full':
      case 'visit-terminated':
      case 'consent-required':
      case 'bad-request':
        return new VisitError(code, message, { status, retryable: code === 'not-open-yet' || code === 'visit-full' });
      // The portal's rate limit: the same request succeeds later (the widget offers "Try again").
      case 'rate-limited':
        return new VisitError(code, message, { status, retryable: true });
      // A browser page on a foreign origin: for the person, the same as not being allowed.
      case 'origin-not-allowed':
        return new VisitError('forbidden', message, { status });
      case 'consent-outdated':
        // Agreeing to the current rules text and joining again succeeds.
        return new VisitError(code, message, { status, retryable: true });
      case 'not-monitored':
        // A monitor refused on a visit that is not monitored: for the client, simply not allowed.
        return new VisitError('forbidden', message, { status });
      case 'method-not-allowed':
      case 'payload-too-large':
      case 'unsupported-media-type':
        return new VisitError('bad-request', message, { status });
      case 'internal':
      case 'misconfigured':
      case 'livekit-unreachable':
      case 'store-unavailable':
        return new VisitError('server-unreachable', message, { status, retryable: true });
      default: {
        const unreachable: never = code;
        return new VisitError('invalid-response', `Unknown error code ${String(unreachable)}`, { status });
      }
    }
  }

  /** A privileged visit cannot be joined from this browser: it cannot encrypt media end to end. */
  static e2eeUnsupported(): VisitError {
    return new VisitError(
      'e2ee-unsupported',
      'This browser cannot encrypt the visit end to end. Use a current Chrome, Edge, Firefox or Safari.',
    );
  }

  static invalidState(action: string, state: string): VisitError {
    return new VisitError('invalid-state', `Cannot ${action} while the visit is ${state}.`);
  }

  static aborted(): VisitError {
    return new VisitError('aborted', 'The operation was cancelled.');
  }
}
