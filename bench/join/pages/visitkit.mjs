// The same visit through VisitClient: startPreview() on load (prejoin), then Join.
import { VisitClient } from '@visitkit/core';
import { firstFrame } from './first-frame.mjs';

let client;
window.bench = {
  async prepare(tokenUrl, visitId) {
    client = new VisitClient({ tokenUrl, visitId, logger: { debug() {}, info() {}, warn: console.warn, error: console.error } });
    await client.startPreview();
    // The prejoin screen's connectivity check: token fetched early, LiveKit reachable, connection warmed.
    await client.checkConnectivity();
    return client.connectivity;
  },
  async join() {
    const t0 = performance.now();
    const frame = new Promise((resolve) => {
      const check = (participants) => {
        const remote = participants.find((p) => !p.isLocal && p.videoTrack);
        if (remote) {
          off();
          resolve(firstFrame(remote.videoTrack));
        }
      };
      const off = client.on('participants', check);
    });
    await client.join();
    return (await frame) - t0;
  },
  async leave() {
    await client?.leave();
  },
};
