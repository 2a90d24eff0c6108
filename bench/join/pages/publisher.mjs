// The peer already in the room: a plain livekit-client participant publishing camera and microphone.
import { Room } from 'livekit-client';

const room = new Room();
window.bench = {
  async start(tokenUrl) {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const token = await response.json();
    await room.connect(token.server_url, token.participant_token);
    await room.localParticipant.enableCameraAndMicrophone();
    return true;
  },
  stop: () => room.disconnect(),
};
