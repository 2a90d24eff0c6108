// End-to-end smoke: two browser contexts join one room on a real LiveKit server with tokens minted by
// livekit-server-sdk; each publishes its fake camera and microphone; each must receive and decode the other's
// video and audio; after both leave, the server reports the room empty. No Visitkit code is involved: this
// proves the loop (LiveKit + Chromium + loopback ICE) every other test stands on.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { startLiveKit } from '../scripts/lib/livekit-server.mjs';
import { launchChromium } from './support/browser.mjs';
import { eventually } from './support/eventually.mjs';
import { startSmokePageServer } from './support/smoke-page/server.mjs';

async function mintToken(livekit, room, identity) {
  const token = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, name: identity, ttl: '10m' });
  token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
  return token.toJwt();
}

describe('e2e smoke: two browsers, one room, real LiveKit', () => {
  let livekit;
  let pageServer;
  let browser;
  let rooms;
  const roomName = `smoke-${randomBytes(4).toString('hex')}`;
  const people = [
    { identity: 'alice', page: undefined, logs: [] },
    { identity: 'bob', page: undefined, logs: [] },
  ];

  before(async () => {
    pageServer = await startSmokePageServer();
    livekit = await startLiveKit({ name: 'smoke', departureTimeout: 2 });
    rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pageServer?.close();
    await livekit?.stop();
  });

  test("each side receives and decodes the other side's camera and microphone, then the room empties", async (t) => {
    // auto_create is off: like the server adapter, create the room before handing out tokens.
    await rooms.createRoom({ name: roomName, emptyTimeout: 30, departureTimeout: 2 });

    for (const person of people) {
      const context = await browser.newContext();
      person.page = await context.newPage();
      person.page.on('console', (msg) => person.logs.push(`[${msg.type()}] ${msg.text()}`));
      person.page.on('pageerror', (error) => person.logs.push(`[pageerror] ${error.message}`));
      await person.page.goto(pageServer.url);
      await person.page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    }
    t.after(async () => {
      for (const person of people) await person.page?.context().close();
    });
    const dumpLogs = () =>
      people.map((p) => `--- ${p.identity} page console:\n${p.logs.slice(-30).join('\n')}`).join('\n');

    await Promise.all(
      people.map(async (person) => {
        const token = await mintToken(livekit, roomName, person.identity);
        const joined = await person.page.evaluate(([url, jwt]) => window.smoke.join(url, jwt), [livekit.url, token]);
        assert.equal(joined.identity, person.identity);
      }),
    );

    for (const [me, other] of [people, [...people].reverse()]) {
      await eventually(async () => {
        const kinds = await me.page.evaluate((id) => window.smoke.receiving(id), other.identity);
        return kinds.includes('audio') && kinds.includes('video') ? kinds : undefined;
      }, `${me.identity} never received both audio and video from ${other.identity}\n${dumpLogs()}`);

      const video = await me.page.evaluate((id) => window.smoke.video(id, 10), other.identity);
      assert.ok(
        video.videoWidth > 0 && video.videoHeight > 0,
        `${me.identity}: ${other.identity}'s video has no size: ${JSON.stringify(video)}`,
      );
      assert.ok(
        !video.timedOut && video.last - video.first >= 10,
        `${me.identity}: ${other.identity}'s video frames do not advance: ${JSON.stringify(video)}`,
      );
      assert.equal(video.readyState, 'live');

      const audio = await me.page.evaluate((id) => window.smoke.audio(id), other.identity);
      assert.equal(audio.readyState, 'live', `${me.identity}: ${other.identity}'s audio track ended`);
      assert.equal(audio.paused, false, `${me.identity}: ${other.identity}'s audio element is not playing`);
      assert.ok(
        audio.after.bytesReceived > audio.before.bytesReceived,
        `${me.identity}: no audio bytes arriving from ${other.identity}: ${JSON.stringify(audio)}`,
      );
      // The fake microphone beeps about once a second: decoded sound makes the energy grow.
      assert.ok(
        audio.after.totalAudioEnergy > audio.before.totalAudioEnergy,
        `${me.identity}: ${other.identity}'s audio decodes to silence: ${JSON.stringify(audio)}`,
      );
      t.diagnostic(
        `${me.identity} ← ${other.identity}: video ${video.videoWidth}x${video.videoHeight}, frames ${video.first}→${video.last}; audio bytes ${audio.before.bytesReceived}→${audio.after.bytesReceived}, energy ${audio.before.totalAudioEnergy.toPrecision(3)}→${audio.after.totalAudioEnergy.toPrecision(3)}`,
      );
    }

    const inRoom = await rooms.listParticipants(roomName);
    assert.deepEqual(inRoom.map((p) => p.identity).sort(), ['alice', 'bob']);

    for (const person of people) await person.page.evaluate(() => window.smoke.leave());

    await eventually(async () => {
      const [room] = await rooms.listRooms([roomName]);
      if (!room) return 'room gone';
      const left = await rooms.listParticipants(roomName).catch(() => []);
      return left.length === 0 ? 'room empty' : undefined;
    }, 'the server still lists participants after both left');
  });
});
