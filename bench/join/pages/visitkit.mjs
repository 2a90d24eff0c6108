// The same visit through VisitClient: startPreview() on load (prejoin), then Join.
import { VisitClient } from '@visitkit/core';
import { firstFrame } from './first-frame.mjs';

let client;
window.bench = {
  async prepare(tokenUrl, visitId) {
    client = new VisitClient({
      tokenUrl,
      visitId,
      logger: { debug() {}, info() {}, warn: console.warn, error: console.error },
    });
    await client.startPreview();
    // The prejoin screen's connectivity check: token fetched early, LiveKit reachable, connection warmed.
    await client.checkConnectivity();
    return client.connectivity;
  },
  async join() {
    const t0 = performance.now();
    // Wall clock of Join, to line the adapter's trace (bench/join/server.mjs) up with the page's marks.
    const marks = { t0Wall: performance.timeOrigin + t0 };
    const mark = (name) => (marks[name] ??= performance.now() - t0);
    const offState = client.on('state', (state) => {
      if (state === 'live' || state === 'lobby') mark('connected');
    });
    const frame = new Promise((resolve) => {
      const check = (participants) => {
        const remote = participants.find((p) => !p.isLocal && p.videoTrack);
        if (remote) {
          off();
          mark('subscribed');
          resolve(firstFrame(remote.videoTrack));
        }
      };
      const off = client.on('participants', check);
    });
    await client.join();
    mark('published');
    marks.frame = (await frame) - t0;
    offState();
    return marks;
  },
  async leave() {
    await client?.leave();
  },
};
