import { expect } from '@open-wc/testing';
import { MediaHealth } from './media-health.js';
import { MEDIA_STATE_TOPIC, encodeMediaState } from './protocol/media-state.js';
import type { MediaState } from './protocol/media-state.js';
import { CONTROL_TOPIC } from './protocol/roles.js';
import type { DataSender } from './livekit-room.js';
import { roomParticipant } from './test-support/fixtures.js';

const said = (video: MediaState['video']) => encodeMediaState({ type: 'media-state', video });
const from = (identity: string, role: string | undefined): DataSender => ({
  identity,
  participant: roomParticipant(identity, role),
});
const ana = roomParticipant('ana', 'visitor', { name: 'Ana' });
const me = roomParticipant('me', 'resident', { isLocal: true });

describe('media health', () => {
  it('explains a paused picture: audio only (mine, then theirs), the SFU pausing the stream, what the party says', () => {
    const health = new MediaHealth();
    expect(health.videoPaused(ana)).to.equal(undefined);
    expect(health.videoPaused({ ...ana, videoStreamPaused: true })).to.deep.equal({
      reason: 'weak-connection',
      by: 'local',
    });
    expect(health.handleData(said('weak-connection'), MEDIA_STATE_TOPIC, from('ana', 'visitor'))).to.deep.equal({
      kind: 'accept',
    });
    expect(health.videoPaused({ ...ana, videoStreamPaused: true })).to.deep.equal({
      reason: 'weak-connection',
      by: 'local',
    });
    expect(health.videoPaused(ana)).to.deep.equal({ reason: 'weak-connection', by: 'remote' });
    // A weak connection explains nothing once the camera is off; audio only (which turns it off) does.
    expect(health.videoPaused({ ...ana, cameraEnabled: false })).to.equal(undefined);
    health.handleData(said('audio-only'), MEDIA_STATE_TOPIC, from('ana', 'visitor'));
    expect(health.videoPaused({ ...ana, cameraEnabled: false })).to.deep.equal({ reason: 'audio-only', by: 'remote' });
    health.setAudioOnly(true);
    expect(health.videoPaused(ana)).to.deep.equal({ reason: 'audio-only', by: 'local' });
    expect(health.videoPaused(me)).to.deep.equal({ reason: 'audio-only', by: 'local' });
    health.setAudioOnly(false);
    health.handleData(said('sending'), MEDIA_STATE_TOPIC, from('ana', 'visitor'));
    expect(health.videoPaused(ana)).to.equal(undefined);
  });

  it('says what the local video does: audio only, weak uplink with the camera on, or sending', () => {
    const health = new MediaHealth();
    expect(health.ownState(me).video).to.equal('sending');
    expect(health.ownState({ ...me, quality: 'poor' }).video).to.equal('weak-connection');
    expect(health.ownState({ ...me, quality: 'lost', cameraEnabled: false }).video).to.equal('sending');
    expect(health.videoPaused({ ...me, quality: 'lost' })).to.deep.equal({ reason: 'weak-connection', by: 'local' });
    health.setAudioOnly(true);
    expect(health.ownState({ ...me, quality: 'poor' }).video).to.equal('audio-only');
  });

  it('believes only parties in the room, only well-formed states, and ignores other topics', () => {
    const health = new MediaHealth();
    const reject = (sender: DataSender, payload = said('audio-only')) =>
      health.handleData(payload, MEDIA_STATE_TOPIC, sender).kind;
    expect(reject({ identity: undefined, participant: undefined })).to.equal('reject');
    expect(reject({ identity: 'ana', participant: undefined })).to.equal('reject');
    expect(reject(from('officer', 'monitor'))).to.equal('reject');
    expect(reject(from('egress', undefined))).to.equal('reject');
    const bad = ['{"type":"media-state","video":"off"}', '{"type":"media-state","video":"sending","x":1}', 'nope'];
    for (const text of bad) expect(reject(from('ana', 'visitor'), new TextEncoder().encode(text))).to.equal('reject');
    expect(reject(from('ana', 'visitor'), new Uint8Array(300).fill(32))).to.equal('reject');
    expect(health.handleData(said('audio-only'), CONTROL_TOPIC, from('ana', 'visitor')).kind).to.equal('ignore');
    expect(health.videoPaused(ana)).to.equal(undefined);
  });

  it('reports audio flowing while the bytes received grow, and forgets who left', () => {
    const health = new MediaHealth();
    expect(health.handleAudioBytes(new Map([['ana', 100]]))).to.equal(false);
    expect(health.audioFlowing(ana)).to.equal(undefined);
    expect(health.handleAudioBytes(new Map([['ana', 900]]))).to.equal(true);
    expect(health.audioFlowing(ana)).to.equal(true);
    expect(health.handleAudioBytes(new Map([['ana', 900]]))).to.equal(true);
    expect(health.audioFlowing(ana)).to.equal(false);
    expect(health.audioFlowing({ ...ana, micEnabled: false })).to.equal(undefined);
    expect(health.audioFlowing(me)).to.equal(undefined);
    health.keepOnly(new Set(['me']));
    expect(health.audioFlowing(ana)).to.equal(undefined);
  });
});
