import { expect } from '@open-wc/testing';
import { endReasonFor } from './end-reason.js';

describe('end reasons from LiveKit disconnects', () => {
  it('maps duplicate identity, client leave and server shutdown', () => {
    expect(endReasonFor('duplicate-identity', undefined, 60_000)).to.deep.equal({ end: 'duplicate-session' });
    expect(endReasonFor('client', undefined, 60_000)).to.deep.equal({ end: 'left' });
    expect(endReasonFor('server-shutdown', undefined, 60_000)).to.deep.equal({ end: 'server-shutdown' });
  });

  it('a removal is a termination with the staff reason only when one was announced', () => {
    const ending = { reason: 'terminated', message: 'Rule violation' } as const;
    expect(endReasonFor('participant-removed', ending, 60_000)).to.deep.equal({
      end: 'terminated',
      message: 'Rule violation',
    });
    expect(endReasonFor('participant-removed', undefined, 60_000)).to.deep.equal({ end: 'removed' });
  });

  it('a removal once the time is up (announced or by the clock) is the time limit, not the person', () => {
    // The enforcer removes whoever is left on a copy of the room its delete did not reach (a split cluster room).
    expect(endReasonFor('participant-removed', { reason: 'time-limit' }, 0)).to.deep.equal({ end: 'time-limit' });
    expect(endReasonFor('participant-removed', undefined, 0)).to.deep.equal({ end: 'time-limit' });
  });

  it('a deleted room ends as announced, else by the clock', () => {
    expect(endReasonFor('room-deleted', { reason: 'time-limit' }, 60_000)).to.deep.equal({ end: 'time-limit' });
    expect(endReasonFor('room-deleted', undefined, 1000)).to.deep.equal({ end: 'time-limit' });
    expect(endReasonFor('room-deleted', undefined, 60_000)).to.deep.equal({ end: 'terminated' });
  });

  it('an unexplained disconnect is worth a recovery attempt', () => {
    expect(endReasonFor('other', undefined, 60_000)).to.deep.equal({ recover: true });
  });
});
