// Property tests (fast-check) for the control-message filter: any bytes, any topic, any sender (no identity,
// an identity LiveKit no longer or not yet knows, a known participant with any attributes). The filter never
// throws; it accepts only schema-valid messages from the server or a monitor in the room; everything else on
// the control topic is rejected with the sender's identity; a repeated id is dropped only when the same sender
// already had a message with that id accepted.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { ControlMessageFilter } from './control-messages.js';
import type { DataSender, RoomParticipant } from './livekit-room.js';
import { ControlMessageSchema, MAX_CONTROL_BYTES, decodeControlMessage } from './protocol/control.js';
import type { ControlMessage } from './protocol/control.js';
import { ATTRIBUTE_ROLE, CONTROL_TOPIC } from './protocol/roles.js';

function participant(identity: string, attributes: Record<string, string>): RoomParticipant {
  return {
    identity,
    name: identity,
    attributes,
    isLocal: false,
    micEnabled: true,
    cameraEnabled: false,
    speaking: false,
    quality: 'unknown',
    videoTrack: undefined,
    audioTrack: undefined,
    e2ee: 'no-tracks',
    videoStreamPaused: false,
  };
}

// Few ids and identities, so repeats (and attempts to burn an id) are common; odd ones so keys can collide.
const id = fc.option(fc.constantFrom('a', 'b', 'ending-terminated', 'a\u0000b', '["x"]', 'x'.repeat(64)), {
  nil: undefined,
});
const identity = fc.oneof(fc.constantFrom('officer-1', 'visitor-1', 'a', 'a\u0000b', ''), fc.string({ maxLength: 20 }));

const message: fc.Arbitrary<ControlMessage> = fc.oneof(
  fc.record(
    { type: fc.constant('warning' as const), secondsLeft: fc.integer({ min: 0, max: 86_400 }), id },
    { requiredKeys: ['type', 'secondsLeft'] },
  ),
  fc.record(
    {
      type: fc.constant('announcement' as const),
      code: fc.constantFrom('conduct', 'language', 'x-1'),
      message: fc.constantFrom('Keep it civil.', 'ok'),
      id,
    },
    { requiredKeys: ['type', 'code'] },
  ),
  fc.record(
    {
      type: fc.constant('ending' as const),
      reason: fc.constantFrom('time-limit' as const, 'terminated' as const, 'server-shutdown' as const),
      message: fc.constant('bye'),
      id,
    },
    { requiredKeys: ['type', 'reason'] },
  ),
  fc.record(
    { type: fc.constant('mute-request' as const), track: fc.constantFrom('audio' as const, 'video' as const), id },
    { requiredKeys: ['type'] },
  ),
);

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

const payload: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 5, arbitrary: message.map((m) => text(JSON.stringify(m))) },
  // Valid messages with a field broken or added.
  {
    weight: 2,
    arbitrary: fc
      .tuple(message, fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }))
      .map(([m, k, v]) => text(JSON.stringify({ ...m, [k]: v }))),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => text(JSON.stringify(v) ?? '')) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_CONTROL_BYTES - 50, max: MAX_CONTROL_BYTES + 50 })
      .map((n) => text(JSON.stringify({ type: 'announcement', code: 'conduct', message: 'x'.repeat(n) }))),
  },
);

const topic = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>(CONTROL_TOPIC) },
  { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('chat', 'visitkit.Control', `${CONTROL_TOPIC} `, '') },
);

const attributes = fc.oneof(
  fc.constantFrom<Record<string, string>>(
    {},
    { [ATTRIBUTE_ROLE]: 'monitor' },
    { [ATTRIBUTE_ROLE]: 'visitor' },
    { [ATTRIBUTE_ROLE]: 'resident' },
  ),
  fc.dictionary(
    fc.constantFrom(ATTRIBUTE_ROLE, 'role', 'visitkit.visit'),
    fc.constantFrom('monitor', 'Monitor', ' monitor', 'attorney', ''),
    { maxKeys: 2 },
  ),
);

const sender: fc.Arbitrary<DataSender> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<DataSender>({ identity: undefined, participant: undefined }) },
  { weight: 2, arbitrary: identity.map((who): DataSender => ({ identity: who, participant: undefined })) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(identity, attributes)
      .map(([who, attrs]): DataSender => ({ identity: who, participant: participant(who, attrs) })),
  },
);

const packet = fc.record({ payload, topic, sender });

/** The trust rule, stated from the contract rather than from the filter's code. */
function trusted(from: DataSender): boolean {
  return from.identity === undefined || from.participant?.attributes[ATTRIBUTE_ROLE] === 'monitor';
}

describe('control-message filter, property-based (fast-check)', () => {
  it('never throws; accepts only valid messages from the server or a monitor in the room; dedupes only accepted ids per sender', () => {
    let packets = 0;
    let runs = 0;
    const started = performance.now();
    fc.assert(
      fc.property(fc.array(packet, { maxLength: 60, size: 'max' }), (sequence) => {
        runs += 1;
        const filter = new ControlMessageFilter();
        const accepted = new Map<string | undefined, Set<string>>();
        for (const { payload: bytes, topic: t, sender: from } of sequence) {
          packets += 1;
          const verdict = filter.handle(bytes, t, from);
          if (t !== CONTROL_TOPIC) {
            expect(verdict).to.deep.equal({ kind: 'ignore' });
            continue;
          }
          const decoded = decodeControlMessage(bytes);
          if (!trusted(from) || !decoded.ok) {
            expect(verdict.kind).to.equal('reject');
            if (verdict.kind === 'reject') expect(verdict.from).to.equal(from.identity);
            continue;
          }
          const ids = accepted.get(from.identity) ?? new Set<string>();
          accepted.set(from.identity, ids);
          const messageId = decoded.message.id;
          if (messageId !== undefined && ids.has(messageId)) {
            expect(verdict, 'a repeat from the same sender').to.deep.equal({ kind: 'ignore' });
            continue;
          }
          if (messageId !== undefined) ids.add(messageId);
          expect(verdict).to.deep.equal({ kind: 'accept', message: decoded.message });
          expect(
            ControlMessageSchema.safeParse(verdict.kind === 'accept' ? verdict.message : undefined).success,
          ).to.equal(true);
        }
      }),
      { numRuns: 400 },
    );
    console.log(
      `[property] control filter: ${runs} sequences, ${packets} packets in ${Math.round(performance.now() - started)} ms`,
    );
    expect(runs).to.equal(400);
  });
});
