import { expect } from '@open-wc/testing';
import { TRANSITIONS, VisitState, canTransition } from './visit-state.js';
import type { VisitState as VisitStateType } from './visit-state.js';
import { VisitClient } from './visit-client.js';
import { VisitError } from './visit-error.js';

const ALL: VisitStateType[] = Object.values(VisitState);

/** The lifecycle of docs/architecture.md, written out independently of the table under test. */
const LEGAL: ReadonlyArray<readonly [VisitStateType, VisitStateType]> = [
  ['idle', 'prejoin'],
  ['idle', 'connecting'],
  ['idle', 'failed'],
  ['idle', 'ended'],
  ['prejoin', 'idle'],
  ['prejoin', 'connecting'],
  ['prejoin', 'failed'],
  ['prejoin', 'ended'],
  ['connecting', 'lobby'],
  ['connecting', 'live'],
  ['connecting', 'failed'],
  ['connecting', 'ended'],
  ['lobby', 'connecting'],
  ['lobby', 'live'],
  ['lobby', 'reconnecting'],
  ['lobby', 'failed'],
  ['lobby', 'ended'],
  ['live', 'lobby'],
  ['live', 'reconnecting'],
  ['live', 'ended'],
  ['reconnecting', 'live'],
  ['reconnecting', 'lobby'],
  ['reconnecting', 'ended'],
  ['failed', 'idle'],
  ['failed', 'prejoin'],
  ['failed', 'connecting'],
  ['failed', 'ended'],
];
const isLegal = (from: VisitStateType, to: VisitStateType): boolean => LEGAL.some(([a, b]) => a === from && b === to);

describe('visit lifecycle transition table', () => {
  for (const [from, to] of LEGAL) {
    it(`allows ${from} -> ${to}`, () => {
      expect(canTransition(from, to)).to.equal(true);
    });
  }

  it('refuses every other transition, including no-ops and leaving ended', () => {
    const refused: string[] = [];
    for (const from of ALL) {
      for (const to of ALL) {
        if (!isLegal(from, to)) {
          refused.push(`${from}->${to}`);
          expect(canTransition(from, to), `${from} -> ${to}`).to.equal(false);
        }
      }
    }
    // 8 × 8 pairs minus the legal ones: the table is exactly the lifecycle, nothing more.
    expect(refused.length).to.equal(ALL.length * ALL.length - LEGAL.length);
    expect(TRANSITIONS.ended).to.deep.equal([]);
  });

  it('never lets a visit go live without connecting first', () => {
    expect(canTransition('idle', 'live')).to.equal(false);
    expect(canTransition('prejoin', 'live')).to.equal(false);
    expect(canTransition('failed', 'live')).to.equal(false);
  });
});

describe('VisitClient state machine', () => {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };

  it('starts idle, ends on leave() with one state event, and refuses to join once ended', async () => {
    const client = new VisitClient({ visitId: 'v1', tokenUrl: '/unused', logger: quiet });
    const seen: string[] = [];
    client.on('state', (state, previous) => seen.push(`${previous}->${state}`));
    expect(client.state).to.equal('idle');
    await client.leave();
    await client.leave(); // idempotent: no second event
    expect(seen).to.deep.equal(['idle->ended']);
    expect(client.endInfo?.reason).to.equal('left');
    let error: unknown;
    try {
      await client.join();
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(VisitError);
    expect((error as VisitError).code).to.equal('invalid-state');
    expect(client.state).to.equal('ended');
  });

  it('refuses startPreview() after the visit ended', async () => {
    const client = new VisitClient({ visitId: 'v1', tokenUrl: '/unused', logger: quiet });
    await client.leave();
    let error: unknown;
    try {
      await client.startPreview();
    } catch (e) {
      error = e;
    }
    expect((error as VisitError).code).to.equal('invalid-state');
  });
});
