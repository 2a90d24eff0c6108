import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ParticipantInfo, RoomServiceClient } from 'livekit-server-sdk';
import { RoomOccupancy } from './room-occupancy.js';

function countingRooms(answer: () => Promise<ParticipantInfo[]>) {
  const calls: string[] = [];
  const rooms = {
    listParticipants: (room: string) => {
      calls.push(room);
      return answer();
    },
  } as unknown as RoomServiceClient;
  return { rooms, calls };
}

describe('RoomOccupancy', () => {
  test('a burst of requests for one room shares one LiveKit call; a second later it asks again', async () => {
    const { rooms, calls } = countingRooms(async () => []);
    const occupancy = new RoomOccupancy(rooms, 1000);
    await Promise.all(Array.from({ length: 50 }, () => occupancy.participants('vk_a', 0)));
    await occupancy.participants('vk_a', 999);
    assert.deepEqual(calls, ['vk_a']);
    await occupancy.participants('vk_b', 999);
    await occupancy.participants('vk_a', 1000);
    assert.deepEqual(calls, ['vk_a', 'vk_b', 'vk_a']);
  });

  test('a failed answer is not kept', async () => {
    let fail = true;
    const { rooms, calls } = countingRooms(async () => {
      if (fail) throw new Error('unreachable');
      return [];
    });
    const occupancy = new RoomOccupancy(rooms, 1000);
    await assert.rejects(occupancy.participants('vk_a', 0));
    fail = false;
    assert.deepEqual(await occupancy.participants('vk_a', 1), []);
    assert.equal(calls.length, 2);
  });
});
