/** Any listener signature: parameters are contravariant, so `never[]` accepts every listener. */
type AnyListener = (...args: never[]) => void;

/**
 * A small typed event emitter: `on` returns an unsubscribe function, and a throwing listener never
 * breaks the emitter or the other listeners (it is reported to `onListenerError`).
 *
 * @example
 * const emitter = new TypedEmitter<{ tick: (n: number) => void }>();
 * const off = emitter.on('tick', (n) => console.log(n));
 * emitter.emit('tick', 1);
 * off();
 */
export class TypedEmitter<Events extends { [K in keyof Events]: AnyListener }> {
  #listeners = new Map<keyof Events, Set<AnyListener>>();
  #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = (error) => console.error(error)) {
    this.#onListenerError = onListenerError;
  }

  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) this.#listeners.delete(event);
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    // Copy: a listener may unsubscribe itself (or others) while we iterate.
    for (const listener of [...set]) {
      try {
        (listener as unknown as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
