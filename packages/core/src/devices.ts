import type { VisitDevice } from './events.js';

const KINDS = new Set<string>(['videoinput', 'audioinput', 'audiooutput']);

/**
 * Lists cameras, microphones and speakers without asking for permission (`enumerateDevices` never
 * prompts; labels stay empty until the user has granted access once).
 *
 * @example
 * const devices = await listDevices();
 * const hasCamera = devices.some((d) => d.kind === 'videoinput');
 */
export async function listDevices(
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<VisitDevice[]> {
  if (!mediaDevices?.enumerateDevices) return [];
  const infos = await mediaDevices.enumerateDevices();
  const devices: VisitDevice[] = [];
  for (const info of infos) {
    if (!KINDS.has(info.kind)) continue;
    devices.push({ kind: info.kind, deviceId: info.deviceId, label: info.label });
  }
  return devices;
}

/** Whether two device lists are the same (so no `devices` event is needed). */
export function sameDevices(a: readonly VisitDevice[], b: readonly VisitDevice[]): boolean {
  return (
    a.length === b.length &&
    a.every((d, i) => d.kind === b[i]?.kind && d.deviceId === b[i]?.deviceId && d.label === b[i]?.label)
  );
}

/** Calls `onChange` when devices are plugged or unplugged; returns the unsubscribe function. */
export function watchDevices(
  onChange: () => void,
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): () => void {
  if (!mediaDevices?.addEventListener) return () => {};
  mediaDevices.addEventListener('devicechange', onChange);
  return () => mediaDevices.removeEventListener('devicechange', onChange);
}
