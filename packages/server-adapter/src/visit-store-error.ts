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
