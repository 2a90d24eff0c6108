import { createEnforcer, type Enforcer, type EnforcerOptions } from './enforcer.js';
import { createVisitHandler, type VisitHandler, type VisitHandlerOptions } from './handler.js';
import { MemoryVisitStore } from './memory-visit-store.js';
import type { VisitStore } from './visit-store.js';

/** Options of {@link createVisitkit}: the handler's, plus how the enforcer runs. */
export interface VisitkitOptions extends Omit<VisitHandlerOptions, 'store'> {
  /**
   * Where the visit events (and so the ledger) live, shared by the handler and the enforcer. Use one store that every
   * adapter instance reaches (e.g. `PostgresVisitStore`); the default {@link MemoryVisitStore} is for a single process.
   */
  store?: VisitStore;
  /** Enforcer settings, or `false` when another process runs the enforcer on the same store. */
  enforcer?: Pick<EnforcerOptions, 'intervalMs' | 'warningWindowSeconds'> | false;
}

/** The handler and the enforcer of one Visitkit deployment, wired to one store. */
export interface Visitkit {
  /** The Fetch-API handler (tokens, webhooks, staff actions, ledger). */
  handler: VisitHandler;
  /** The enforcer, not yet started; `undefined` when `enforcer: false`. */
  enforcer: Enforcer | undefined;
  /** The store both use. */
  store: VisitStore;
  /** Starts the enforcer (if any). Idempotent. */
  start(): void;
  /** Stops the enforcer; resolves once a tick in progress finished. */
  stop(): Promise<void>;
}

/**
 * Builds the handler and the enforcer on **one** store and one `onEvent`, so the ledger sees everything: joins and
 * leaves from webhooks, staff actions, and the enforcer's warnings and time-limit ends. Prefer it to calling
 * `createVisitHandler` and `createEnforcer` yourself, where two different stores (or an enforcer without one) split the
 * ledger without any error.
 *
 * @example
 * const visitkit = createVisitkit({ livekit, authorize, store: new MemoryVisitStore() });
 * createServer(toNodeListener(visitkit.handler)).listen(3000);
 * visitkit.start();
 * process.on('SIGTERM', () => visitkit.stop());
 */
export function createVisitkit(options: VisitkitOptions): Visitkit {
  const { enforcer: enforcerOptions, store: given, ...handlerOptions } = options;
  if (
    enforcerOptions !== undefined &&
    enforcerOptions !== false &&
    (typeof enforcerOptions !== 'object' || enforcerOptions === null)
  ) {
    throw new TypeError('enforcer must be an options object or false');
  }
  const store = given ?? new MemoryVisitStore();
  const handler = createVisitHandler({ ...handlerOptions, store });
  const enforcer =
    enforcerOptions === false
      ? undefined
      : createEnforcer({
          ...enforcerOptions,
          livekit: options.livekit,
          store,
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
          ...(options.now ? { now: options.now } : {}),
          ...(options.log ? { log: options.log } : {}),
          ...(options.metrics ? { metrics: options.metrics } : {}),
        });
  return {
    handler,
    enforcer,
    store,
    start: () => enforcer?.start(),
    stop: async () => {
      await enforcer?.stop();
    },
  };
}
