import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strandedTracks } from './stranded.js';
import type { VisitEvent } from './visit-events.js';

const at = new Date(Date.UTC(2030, 0, 1, 10)).toISOString();
const base = (id: string) => ({ id, visitId: 'v1', at });
const joined = (sid: string, identity: string): VisitEvent => ({
  ...base(`j_${sid}`),
  type: 'participant-joined',
  participant: { identity, sid },
});
const track = (type: 'track-published' | 'track-unpublished', sid: string, trackSid: string): VisitEvent => ({
  ...base(`${type}_${trackSid}`),
  type,
  participant: { identity: 'x', sid },
  track: { sid: trackSid, source: 'camera' },
});

test('sessions LiveKit never reported gone, each with its latest published track', () => {
  const events: VisitEvent[] = [
    joined('PA_james', 'james'),
    track('track-published', 'PA_james', 'TR_cam'),
    track('track-published', 'PA_james', 'TR_mic'),
    joined('PA_maria', 'maria'),
    track('track-published', 'PA_maria', 'TR_maria_cam'),
    track('track-published', 'PA_maria', 'TR_maria_mic'),
    track('track-unpublished', 'PA_maria', 'TR_maria_mic'),
    joined('PA_luis', 'luis'),
    track('track-published', 'PA_luis', 'TR_luis'),
    { ...base('l_luis'), type: 'participant-left', participant: { identity: 'luis', sid: 'PA_luis' }, reason: 'x' },
    joined('PA_ana', 'ana'), // never published anything
  ];
  assert.deepEqual(strandedTracks('v1', events), [
    { identity: 'james', participantSid: 'PA_james', trackSid: 'TR_mic' },
    { identity: 'maria', participantSid: 'PA_maria', trackSid: 'TR_maria_cam' },
  ]);
  assert.deepEqual(strandedTracks('v2', events), [], 'another visit');
});

test("a reconciled leave is the enforcer's guess: the session still counts until LiveKit reports it gone", () => {
  const events: VisitEvent[] = [
    joined('PA_james', 'james'),
    track('track-published', 'PA_james', 'TR_cam'),
    {
      ...base('reconciled_left_PA_james'),
      type: 'participant-left',
      participant: { identity: 'james', sid: 'PA_james' },
      reason: 'reconciled',
      reconciled: { noticedAt: at },
    },
  ];
  assert.deepEqual(strandedTracks('v1', events), [
    { identity: 'james', participantSid: 'PA_james', trackSid: 'TR_cam' },
  ]);
});
