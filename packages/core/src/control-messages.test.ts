import { expect } from '@open-wc/testing';
import { ControlMessageFilter } from './control-messages.js';
import { encodeControlMessage } from './protocol/control.js';
import { ATTRIBUTE_ROLE, CONTROL_TOPIC } from './protocol/roles.js';
import type { RoomParticipant } from './livekit-room.js';

function sender(identity: string, role: string | undefined): RoomParticipant {
  return {
    identity,
    name: identity,
    attributes: role ? { [ATTRIBUTE_ROLE]: role } : {},
    isLocal: false,
    micEnabled: true,
    cameraEnabled: true,
    speaking: false,
    quality: 'good',
    videoTrack: undefined,
    audioTrack: undefined,
  };
}

const warning = encodeControlMessage({ type: 'warning', secondsLeft: 60, id: 'w-60' });

describe('control message filter', () => {
  it('accepts messages from the server (no sender) and from monitors', () => {
    const filter = new ControlMessageFilter();
    expect(filter.handle(warning, CONTROL_TOPIC, undefined).kind).to.equal('accept');
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
    const verdict = filter.handle(bad, CONTROL_TOPIC, undefined);
    expect(verdict.kind).to.equal('reject');
    if (verdict.kind === 'reject') expect(verdict.from).to.equal(undefined);
  });

  it('drops a repeated id silently and ignores other topics', () => {
    const filter = new ControlMessageFilter();
    expect(filter.handle(warning, CONTROL_TOPIC, undefined).kind).to.equal('accept');
    expect(filter.handle(warning, CONTROL_TOPIC, undefined).kind).to.equal('ignore');
    expect(filter.handle(warning, 'chat', sender('visitor', 'visitor')).kind).to.equal('ignore');
    expect(filter.handle(warning, undefined, undefined).kind).to.equal('ignore');
  });
});
