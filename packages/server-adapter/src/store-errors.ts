import { VisitHttpError } from './http-error.js';
import type { VisitStore } from './visit-store.js';

/** Why a store refused: the database is unreachable or slow, or a stored row is not an event. */
export type VisitStoreErrorKind = 'unavailable' | 'corrupt';

/**
 * What a store throws when it could not read or save. The handler answers `503 store-unavailable` for it
 * (webhooks: 5xx, so LiveKit delivers them again); the cause is kept for the server log only.
 *
 * @example
 * try { await store.append(event); } catch (error) { if (error instanceof VisitStoreError) retryLater(event); }
 */
export class VisitStoreError extends Error {
  override readonly name = 'VisitStoreError';
  readonly kind: VisitStoreErrorKind;

  constructor(kind: VisitStoreErrorKind, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
  }

  static unavailable(message: string, cause?: unknown): VisitStoreError {
    return new VisitStoreError('unavailable', message, { cause });
  }

  static corrupt(message: string): VisitStoreError {
    return new VisitStoreError('corrupt', message);
  }
}

/**
 * The store as the routes use it: any rejection of `append`, `list` or `termination` — from whatever
 * store the portal plugged in — becomes `VisitHttpError('store-unavailable')` (503), never a 500 with the
 * driver's message. The original error stays as the cause, for the server log.
 */
export function guardStore(store: VisitStore): VisitStore {
  const unavailable = (error: unknown): never => {
    if (error instanceof VisitHttpError) throw error;
    throw new VisitHttpError('store-unavailable', 'Visit records are unavailable right now. Try again shortly.', { cause: error });
  };
  return {
    // Through a `then`, so a store that throws synchronously is caught too.
    append: (event) => Promise.resolve().then(() => store.append(event)).catch(unavailable),
    list: (visitId) => Promise.resolve().then(() => store.list(visitId)).catch(unavailable),
    termination: (visitId) => Promise.resolve().then(() => store.termination(visitId)).catch(unavailable),
  };
}
