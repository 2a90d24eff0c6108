// Helpers for element tests against the REAL LiveKit server and server adapter that the browser suite mounts
// at /api/visitkit (test identity protocol: the `as` query parameter names the caller).
import type { Role, Visit } from '@visitkit/core/protocol';
import { b64url, openVisit } from '../../../core/src/test-support/fixtures.js';
import { deepQueryAll, until } from './dom.js';

export { b64url };

let counter = 0;

/** A visit open now, with an id no other test uses. */
export function uniqueVisit(overrides: Partial<Visit> = {}): Visit {
  counter += 1;
  return openVisit(`el-${Date.now().toString(36)}-${counter}`, overrides);
}

/** Who a test caller is. */
export interface Caller {
  identity: string;
  name: string;
  role: Role;
}

/** The token URL through which `who` joins `visit`. */
export function tokenUrl(visit: Visit, who: Caller): string {
  return `/api/visitkit/visits/${visit.id}/token?as=${b64url({ ...who, visit })}`;
}

/** The api-base for `<vk-monitor>` that makes the adapter see `who` (the `as` rides on every staff route). */
export function asQuery(visit: Visit, who: Caller): string {
  return `as=${b64url({ ...who, visit })}`;
}

/** Remote (non-local) tiles under `root` whose video has decoded at least one frame. */
export function playingRemoteTiles(root: Element): HTMLElement[] {
  return deepQueryAll(root, 'vk-tile').filter((tile) => {
    if (tile.hasAttribute('local')) return false;
    const video = tile.shadowRoot?.querySelector('video');
    return video !== null && video !== undefined && video.videoWidth > 0;
  });
}

/**
 * Waits until `count` remote videos in `root` have decoded a frame. livekit-client's adaptive stream only
 * plays videos that are on screen, and test widgets are stacked down the page: scroll `root` into view first.
 */
export async function untilPlaying(root: Element, count: number): Promise<void> {
  root.scrollIntoView({ block: 'start' });
  await until(
    () => playingRemoteTiles(root).length === count,
    `${count} playing remote video(s) in <${root.localName}>`,
  );
}
