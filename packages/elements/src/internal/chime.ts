/** The two notes of the time-warning cue (A5, then E6): a soft "ding-dong", not an alarm. */
const NOTES_HZ = [880, 1318.5] as const;
const NOTE_S = 0.35;

let shared: AudioContext | undefined;

/**
 * Plays a short, gentle two-note cue so an adult in the room hears that time is running out even when the
 * screen is in front of a child. Silent (and harmless) where Web Audio is missing or the browser blocks sound.
 */
export function playChime(): void {
  const Ctor = globalThis.AudioContext as typeof AudioContext | undefined;
  if (!Ctor) return;
  try {
    shared ??= new Ctor();
    const ctx = shared;
    void ctx.resume?.().catch(() => undefined);
    NOTES_HZ.forEach((hz, i) => {
      const start = ctx.currentTime + i * NOTE_S;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      // Quick attack, smooth decay: no click at the start or end of the note.
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + NOTE_S);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + NOTE_S);
    });
  } catch {
    // No sound device, or too many audio contexts: the large visual warning still shows.
  }
}

/** Forgets the shared audio context (tests that replace `AudioContext`). */
export function resetChime(): void {
  shared = undefined;
}
