import { expect } from '@open-wc/testing';
import { Countdown } from './countdown.js';
import { ServerClock } from './server-clock.js';
import { openVisit } from './test-support/fixtures.js';

describe('countdown on the server clock', () => {
  it('uses the server clock: a server 10 minutes ahead means 10 minutes less', () => {
    const visit = openVisit('v1', {}, 30);
    const ahead = ServerClock.fromResponse(new Date(Date.now() + 600_000).toISOString(), Date.now(), Date.now());
    const countdown = new Countdown(ahead);
    countdown.start(visit);
    const left = countdown.timeLeftMs ?? 0;
    countdown.dispose();
    expect(left).to.be.within(19 * 60_000, 20 * 60_000 + 1000);
  });

  it('corrects the server time by half the round trip', () => {
    const clock = ServerClock.fromResponse('2026-01-01T00:00:00.000Z', 1000, 1400, () => 1400);
    expect(clock.now()).to.equal(Date.parse('2026-01-01T00:00:00.000Z') + 200);
  });

  it('fires a warning once, deduplicated with the server’s warning for the same offset', async () => {
    // 59.5 s left with warnings at 60 and 30: the 60 s warning is due at the first tick.
    const visit = openVisit('v1', { endsAt: new Date(Date.now() + 59_500).toISOString(), warnings: [60, 30] });
    const countdown = new Countdown(new ServerClock());
    const warnings: number[] = [];
    countdown.events.on('warning', (s) => warnings.push(s));
    const ticked = new Promise<void>((resolve) => countdown.events.on('time', () => resolve()));
    expect(countdown.markWarned(30)).to.equal(true); // as if the server's 30 s warning came first
    countdown.start(visit);
    await ticked;
    expect(countdown.markWarned(60)).to.equal(false);
    countdown.dispose();
    expect(warnings).to.deep.equal([60]);
  });

  it('shows a warning sent by two adapter instances a second apart (25, then 24 s left) once', () => {
    const visit = openVisit('v1', { endsAt: new Date(Date.now() + 600_000).toISOString(), warnings: [25, 12] });
    const countdown = new Countdown(new ServerClock());
    countdown.start(visit);
    const shown = [25, 24, 13, 12, 11].filter((secondsLeft) => countdown.markWarned(secondsLeft));
    countdown.dispose();
    expect(shown).to.deep.equal([25, 12]);
  });

  it('does not announce offsets that had already passed on arrival', async () => {
    const visit = openVisit('v1', { endsAt: new Date(Date.now() + 40_000).toISOString(), warnings: [300, 60] });
    const countdown = new Countdown(new ServerClock());
    const warnings: number[] = [];
    countdown.events.on('warning', (s) => warnings.push(s));
    const ticked = new Promise<void>((resolve) => countdown.events.on('time', () => resolve()));
    countdown.start(visit);
    await ticked;
    countdown.dispose();
    expect(warnings).to.deep.equal([]);
  });

  it('fires started and ended when the times have passed', async () => {
    const visit = openVisit('v1', { endsAt: new Date(Date.now() + 1200).toISOString(), warnings: [] });
    const countdown = new Countdown(new ServerClock());
    const seen: string[] = [];
    countdown.events.on('started', () => seen.push('started'));
    const ended = new Promise<void>((resolve) => countdown.events.on('ended', () => resolve()));
    countdown.start(visit);
    await ended;
    countdown.dispose();
    expect(seen).to.deep.equal(['started']);
    expect(countdown.timeLeftMs).to.equal(0);
  });
});
