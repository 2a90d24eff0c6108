import { expect } from '@open-wc/testing';
import { MediaHealth, type MediaSample } from './media-health.js';
import { ATTRIBUTE_MEDIA, ATTRIBUTE_ROLE } from './protocol/roles.js';
import type { RoomParticipant } from './livekit-room.js';
import { roomParticipant } from './test-support/fixtures.js';

const ana = roomParticipant('ana', 'visitor', { name: 'Ana' });
const me = roomParticipant('me', 'resident', { isLocal: true });
/** `who` as it looks once the adapter set its `visitkit.media` attribute to `video`. */
const saying = (who: RoomParticipant, video: string): RoomParticipant => ({
  ...who,
  attributes: { ...who.attributes, [ATTRIBUTE_MEDIA]: video },
});
const sample = (audio: number, video: number, uplinkLimited = false): MediaSample => ({
  audio: new Map([['ana', audio]]),
  video: new Map([['ana', video]]),
  uplinkLimited,
});

describe('media health', () => {
  it('explains a paused picture: audio only (mine, then theirs), what the party says, the SFU pausing the stream', () => {
    const health = new MediaHealth();
    expect(health.videoPaused(ana)).to.equal(undefined);
    expect(health.videoPaused({ ...ana, videoStreamPaused: true })).to.deep.equal({
      reason: 'weak-connection',
      by: 'local',
    });
    // What they say of their own uplink names them.
    expect(health.videoPaused(saying(ana, 'weak-connection'))).to.deep.equal({
      reason: 'weak-connection',
      by: 'remote',
    });
    // A weak connection explains nothing once the camera is off; audio only (which turns it off) does.
    expect(health.videoPaused({ ...saying(ana, 'weak-connection'), cameraEnabled: false })).to.equal(undefined);
    expect(health.videoPaused({ ...saying(ana, 'audio-only'), cameraEnabled: false })).to.deep.equal({
      reason: 'audio-only',
      by: 'remote',
    });
    health.setAudioOnly(true);
    expect(health.videoPaused(ana)).to.deep.equal({ reason: 'audio-only', by: 'local' });
    expect(health.videoPaused(me)).to.deep.equal({ reason: 'audio-only', by: 'local' });
    health.setAudioOnly(false);
    expect(health.videoPaused(saying(ana, 'sending'))).to.equal(undefined);
  });

  it('believes the attribute only of a party, and only as one of the three states', () => {
    const health = new MediaHealth();
    const officer = roomParticipant('officer', 'monitor');
    const egress = roomParticipant('egress', undefined);
    expect(health.videoPaused(saying(officer, 'audio-only'))).to.equal(undefined);
    expect(health.videoPaused(saying(egress, 'audio-only'))).to.equal(undefined);
    for (const text of ['off', 'Audio-Only', '', '{"video":"audio-only"}']) {
      expect(health.videoPaused(saying(ana, text)), text).to.equal(undefined);
    }
    expect(
      health.videoPaused({ ...saying(ana, 'audio-only'), attributes: { [ATTRIBUTE_MEDIA]: 'audio-only' } }),
    ).to.equal(undefined, 'no role attribute: not a party');
    expect(saying(ana, 'x').attributes[ATTRIBUTE_ROLE]).to.equal('visitor');
  });

  it('says what the local video does: audio only, an uplink held back by bandwidth with the camera on, or sending', () => {
    const health = new MediaHealth();
    expect(health.ownState(me)).to.equal('sending');
    // Our connection quality alone does not blame our uplink (it also reflects what we receive).
    expect(health.ownState({ ...me, quality: 'poor' })).to.equal('sending');
    const limited = { audio: new Map<string, number>(), video: new Map<string, number>(), uplinkLimited: true };
    // One limited sample is a moment; two in a row are a weak uplink (and two unlimited ones end it).
    expect(health.handleSample(limited)).to.equal(false);
    expect(health.ownState(me)).to.equal('sending');
    expect(health.handleSample(limited)).to.equal(true);
    expect(health.ownState(me)).to.equal('weak-connection');
    health.handleSample({ ...limited, uplinkLimited: false });
    expect(health.ownState(me)).to.equal('weak-connection');
    health.handleSample(limited);
    expect(health.ownState(me)).to.equal('weak-connection', 'a good sample between two bad ones changes nothing');
    expect(health.ownState({ ...me, cameraEnabled: false })).to.equal('sending');
    expect(health.videoPaused(me)).to.deep.equal({ reason: 'weak-connection', by: 'local' });
    health.setAudioOnly(true);
    expect(health.ownState(me)).to.equal('audio-only');
  });

  it('reports audio flowing while its bytes grow, a picture stalled while the sound still arrives, and forgets who left', () => {
    const health = new MediaHealth();
    expect(health.handleSample(sample(100, 100))).to.equal(false);
    expect(health.audioFlowing(ana)).to.equal(undefined);
    expect(health.handleSample(sample(900, 900))).to.equal(true);
    expect(health.audioFlowing(ana)).to.equal(true);
    expect(health.videoPaused(ana)).to.equal(undefined);
    // Sound arrives, the picture does not, for two samples running: a weak link on the way to us.
    expect(health.handleSample(sample(1700, 900))).to.equal(false);
    expect(health.videoPaused(ana)).to.equal(undefined, 'one sample without a frame is a moment');
    expect(health.handleSample(sample(2500, 900))).to.equal(true);
    expect(health.videoPaused(ana)).to.deep.equal({ reason: 'weak-connection', by: 'local' });
    expect(health.videoPaused({ ...ana, cameraEnabled: false })).to.equal(undefined);
    // Nothing arrives at all: no sound, and the picture is not blamed on its own.
    expect(health.handleSample(sample(2500, 900))).to.equal(true);
    expect(health.audioFlowing(ana)).to.equal(false);
    expect(health.videoPaused(ana)).to.equal(undefined);
    expect(health.handleSample(sample(3300, 1800))).to.equal(true);
    expect(health.audioFlowing(ana)).to.equal(true);
    expect(health.videoPaused(ana)).to.equal(undefined);
    expect(health.audioFlowing({ ...ana, micEnabled: false })).to.equal(undefined);
    expect(health.audioFlowing(me)).to.equal(undefined);
    health.keepOnly(new Set(['me']));
    expect(health.audioFlowing(ana)).to.equal(undefined);
  });
});
