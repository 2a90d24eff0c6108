// The real client's state machine in a browser; what each lifecycle event does is lifecycle.node.test.ts.
import { expect } from '@open-wc/testing';
import { VisitClient } from './visit-client.js';
import { VisitError } from './visit-error.js';

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
