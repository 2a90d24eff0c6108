import type { VisitTrack } from '@visitkit/core';

/**
 * Keeps one media element attached to at most one track: detaches the previous track when the track
 * changes and on `clear()`, so no element keeps a stopped or foreign track alive.
 */
export class TrackBinding {
  #track: VisitTrack | undefined;
  #element: HTMLMediaElement | undefined;

  /** Attaches `track` to `element` unless that pair is already bound. */
  bind(element: HTMLMediaElement | null | undefined, track: VisitTrack | undefined): void {
    if (element === this.#element && track === this.#track) return;
    this.clear();
    if (!element || !track) return;
    track.attach(element);
    this.#element = element;
    this.#track = track;
  }

  clear(): void {
    if (this.#track && this.#element) this.#track.detach(this.#element);
    this.#track = undefined;
    this.#element = undefined;
  }
}
