import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@visitkit/core/protocol';

/** Anything `new Headers()` accepts. */
type HeadersInit = ConstructorParameters<typeof Headers>[0];

/**
 * An HTTP refusal with a Visitkit error code. It knows its status (from `ERROR_STATUS`) and turns itself
 * into the JSON `Response` every route answers with, so routes just `throw` (like Hono's `HTTPException`).
 * The message is shown to users and logged: never put a secret, a token or a stack trace in it.
 *
 * @example
 * throw VisitHttpError.forbidden('Only monitors can terminate a visit.');
 * // → 403 { "error": { "code": "forbidden", "message": "Only monitors can terminate a visit." } }
 */
export class VisitHttpError extends Error {
  override readonly name = 'VisitHttpError';
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
  }

  /** The error as a JSON response; `headers` are added (e.g. CORS, `Allow`). */
  toResponse(headers?: HeadersInit): Response {
    return errorResponse(this.code, this.message, headers);
  }

  static badRequest(message: string): VisitHttpError {
    return new VisitHttpError('bad-request', message);
  }

  static unauthenticated(message = 'Sign in to join this visit.'): VisitHttpError {
    return new VisitHttpError('unauthenticated', message);
  }

  static forbidden(message: string): VisitHttpError {
    return new VisitHttpError('forbidden', message);
  }

  static notFound(message = 'Not found.'): VisitHttpError {
    return new VisitHttpError('not-found', message);
  }

  static misconfigured(message: string): VisitHttpError {
    return new VisitHttpError('misconfigured', message);
  }

  /** LiveKit could not be reached or refused a server call; the cause stays server-side. */
  static livekitUnreachable(cause: unknown): VisitHttpError {
    return new VisitHttpError('livekit-unreachable', 'The video service is not reachable. Try again shortly.', {
      cause,
    });
  }

  /** Anything unexpected: a generic message, the cause is kept for the server-side log only. */
  static internal(cause?: unknown): VisitHttpError {
    return new VisitHttpError('internal', 'Something went wrong on the server.', { cause });
  }
}

/** A JSON response in Visitkit's error shape. */
export function errorResponse(code: ErrorCode, message: string, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message } };
  const responseHeaders = new Headers(headers);
  responseHeaders.set('content-type', 'application/json; charset=utf-8');
  responseHeaders.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status: ERROR_STATUS[code], headers: responseHeaders });
}

/** A JSON success response; never cached (tokens and ledgers are personal). */
export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit): Response {
  const responseHeaders = new Headers(headers);
  responseHeaders.set('content-type', 'application/json; charset=utf-8');
  responseHeaders.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers: responseHeaders });
}
