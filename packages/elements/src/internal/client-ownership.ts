import type { VisitClientLike } from '../visit-client-like.js';

/**
 * Who ends a visit an element shows (`<vk-visit>`, `<vk-monitor>`), written once: a client the page passed in
 * through the `client` property is the page's, and the element never leaves it; a client the element created
 * itself is the element's, and the element always leaves it when it replaces or drops it (another visit, a page
 * client handed over, configuration error, removal from the document).
 *
 * @example
 * this.client = this.#own.adopt(this.createClient(init), key);
 * void this.#own.release(); // leaves the element's own client, if it has one
 */
export class ClientOwnership {
  #owned: VisitClientLike | undefined;
  #key = '';

  /** Whether `client` is the one this element created. */
  owns(client: VisitClientLike | undefined): boolean {
    return client !== undefined && client === this.#owned;
  }

  /** Whether the element's own client was made for `key` (its configuration); `false` without one. */
  madeFor(key: string): boolean {
    return this.#owned !== undefined && this.#key === key;
  }

  /** Records a client the element just created for the configuration `key`, and returns it. */
  adopt(client: VisitClientLike, key = ''): VisitClientLike {
    this.#owned = client;
    this.#key = key;
    return client;
  }

  /** Forgets the element's own client and leaves its visit; resolves once it left. Never throws. */
  async release(): Promise<void> {
    const owned = this.#owned;
    this.#owned = undefined;
    await owned?.leave().catch(() => undefined);
  }
}
