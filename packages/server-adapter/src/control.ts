import { DataPacket_Kind, type RoomServiceClient } from 'livekit-server-sdk';
import { CONTROL_TOPIC, encodeControlMessage, type ControlMessage } from '@visitkit/core/protocol';

/**
 * Sends a control message to everyone in a room from the server (reliable, topic `visitkit.control`).
 * The message is validated by its schema before it leaves.
 *
 * @example
 * await sendControl(rooms, room, { type: 'warning', secondsLeft: 60, id: 'w-visit-42-60' });
 */
export async function sendControl(rooms: RoomServiceClient, room: string, message: ControlMessage): Promise<void> {
  await rooms.sendData(room, encodeControlMessage(message), DataPacket_Kind.RELIABLE, { topic: CONTROL_TOPIC });
}

/** Resolves after `ms` milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
