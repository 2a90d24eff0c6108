import { VisitError } from './visit-error.js';

/** Throws `VisitError('aborted')` when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw VisitError.aborted();
}

/** Waits `ms`, or rejects with `VisitError('aborted')` as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(VisitError.aborted());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(VisitError.aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Rejects with `VisitError('aborted')` when the signal fires before the promise settles. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(VisitError.aborted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(VisitError.aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
