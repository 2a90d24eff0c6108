import { expect } from '@open-wc/testing';
import { ControlMessageFilter } from './control-messages.js';
import { encodeControlMessage } from './protocol/control.js';
import { CONTROL_TOPIC } from './protocol/roles.js';
import type { DataSender, RoomParticipant } from './livekit-room.js';
import { roomParticipant } from './test-support/fixtures.js';

/** The server (RoomService.sendData): the packet carries no identity. */
const SERVER: DataSender = { identity: undefined, participant: undefined };

/** A participant this room knows, with a server-set role. */
function sender(identity: string, role: string | undefined): DataSender {
  return { identity, participant: participant(identity, role) };
}

/** A sender who already left (or is not known yet): LiveKit gives the identity but no participant. */
const gone = (identity: string): DataSender => ({ identity, participant: undefined });

function participant(identity: string, role: string | undefined): RoomParticipant {
  return roomParticipant(identity, role);
}

const warning = encodeControlMessage({ type: 'warning', secondsLeft: 60, id: 'w-60' });

describe('control message filter', () => {
  it('accepts messages from the server (no sender) and from monitors', () => {
    const filter = new ControlMessageFilter();
    expect(filter.handle(warning, CONTROL_TOPIC, SERVER).kind).to.equal('accept');
    const announcement = encodeControlMessage({ type: 'announcement', code: 'conduct' });
    const verdict = filter.handle(announcement, CONTROL_TOPIC, sender('officer', 'monitor'));
    expect(verdict).to.deep.equal({ kind: 'accept', message: { type: 'announcement', code: 'conduct' } });
  });

  it('rejects messages from visitors, residents and participants without a role', () => {
    const filter = new ControlMessageFilter();
    for (const role of ['visitor', 'resident', 'attorney', undefined]) {
      const verdict = filter.handle(warning, CONTROL_TOPIC, sender('someone', role));
      expect(verdict.kind, String(role)).to.equal('reject');
      if (verdict.kind === 'reject') expect(verdict.from).to.equal('someone');
    }
  });

  it('rejects payloads that fail the schema, even from the server', () => {
    const filter = new ControlMessageFilter();
    const bad = new TextEncoder().encode(JSON.stringify({ type: 'ending', reason: 'because' }));
    const verdict = filter.handle(bad, CONTROL_TOPIC, SERVER);
    expect(verdict.kind).to.equal('reject');
    if (verdict.kind === 'reject') expect(verdict.from).to.equal(undefined);
  });

  it('drops a repeated id silently and ignores other topics', () => {
    const filter = new ControlMessageFilter();
    expect(filter.handle(warning, CONTROL_TOPIC, SERVER).kind).to.equal('accept');
    expect(filter.handle(warning, CONTROL_TOPIC, SERVER).kind).to.equal('ignore');
    expect(filter.handle(warning, 'chat', sender('visitor', 'visitor')).kind).to.equal('ignore');
    expect(filter.handle(warning, undefined, SERVER).kind).to.equal('ignore');
  });

  it('rejects a sender who left or is not known yet, even one that was a monitor', () => {
    const filter = new ControlMessageFilter();
    for (const identity of ['visitor-gone', 'officer-1']) {
      const verdict = filter.handle(warning, CONTROL_TOPIC, gone(identity));
      expect(verdict).to.deep.include({ kind: 'reject', from: identity });
    }
    // A participant object whose role attribute is missing or forged by a non-server source counts as no role.
    const odd = { identity: 'x', participant: participant('x', 'Monitor') };
    expect(filter.handle(warning, CONTROL_TOPIC, odd).kind).to.equal('reject');
  });

  it('does not let a rejected sender burn the id of a real message', () => {
    const filter = new ControlMessageFilter();
    const forged = encodeControlMessage({
      type: 'ending',
      reason: 'terminated',
      message: 'fake',
      id: 'ending-terminated',
    });
    expect(filter.handle(forged, CONTROL_TOPIC, gone('visitor-1')).kind).to.equal('reject');
    expect(filter.handle(forged, CONTROL_TOPIC, sender('visitor-1', 'visitor')).kind).to.equal('reject');
    const real = encodeControlMessage({
      type: 'ending',
      reason: 'terminated',
      message: 'Rule violation',
      id: 'ending-terminated',
    });
    const verdict = filter.handle(real, CONTROL_TOPIC, SERVER);
    expect(verdict).to.deep.equal({
      kind: 'accept',
      message: { type: 'ending', reason: 'terminated', message: 'Rule violation', id: 'ending-terminated' },
    });
  });

  it('scopes ids per trusted sender: a monitor cannot suppress the server’s message with the same id', () => {
    const filter = new ControlMessageFilter();
    expect(filter.handle(warning, CONTROL_TOPIC, sender('officer-1', 'monitor')).kind).to.equal('accept');
    expect(filter.handle(warning, CONTROL_TOPIC, SERVER).kind).to.equal('accept');
    expect(filter.handle(warning, CONTROL_TOPIC, SERVER).kind).to.equal('ignore');
    expect(filter.handle(warning, CONTROL_TOPIC, sender('officer-1', 'monitor')).kind).to.equal('ignore');
  });

  it('keeps the ids of different senders apart, whatever characters identities and ids hold', () => {
    const filter = new ControlMessageFilter();
    const first = encodeControlMessage({ type: 'mute-request', id: 'b\u0000c' });
    const second = encodeControlMessage({ type: 'mute-request', id: 'c' });
    expect(filter.handle(first, CONTROL_TOPIC, sender('a', 'monitor')).kind).to.equal('accept');
    expect(filter.handle(second, CONTROL_TOPIC, sender('a\u0000b', 'monitor')).kind).to.equal('accept');
  });
});
