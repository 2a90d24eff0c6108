import { VisitHttpError } from './http-error.js';
import type { VisitStore } from './visit-store.js';

/** The 503 a request gets when visit records (the store, or the portal's own database) cannot be reached. */
export function storeUnavailable(cause: unknown): VisitHttpError {
  return new VisitHttpError('store-unavailable', 'Visit records are unavailable right now. Try again shortly.', {
    cause,
  });
}

/**
 * The store as the routes use it: any rejection of `append`, `list` or `termination` — from whatever
 * store the portal plugged in — becomes `VisitHttpError('store-unavailable')` (503), never a 500 with the
 * driver's message. The original error stays as the cause, for the server log.
 */
export function guardStore(store: VisitStore): VisitStore {
  const unavailable = (error: unknown): never => {
    if (error instanceof VisitHttpError) throw error;
    throw storeUnavailable(error);
  };
  return {
    // Through a `then`, so a store that throws synchronously is caught too.
    append: (event) =>
      Promise.resolve()
        .then(() => store.append(event))
        .catch(unavailable),
    list: (visitId) =>
      Promise.resolve()
        .then(() => store.list(visitId))
        .catch(unavailable),
    termination: (visitId) =>
      Promise.resolve()
        .then(() => store.termination(visitId))
        .catch(unavailable),
  };
}
