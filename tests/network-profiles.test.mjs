// The shaped-network harness (tests/support/shaped-link.mjs) is trusted only as far as it is measured: each profile
// is probed for RTT, loss and capacity through the relay, then a real WebRTC call through real LiveKit is checked to
// run over the relay with the profile's RTT, and to stop and come back across an outage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccessToken } from 'livekit-server-sdk';
import { launchChromium } from './support/browser.mjs';
import { eventually, PARTY_PAGE, startRawPageStack } from './support/raw-page-stack.mjs';
import { PROFILES, probeLink, startShapedLink } from './support/shaped-link.mjs';
import { installStatsProbe, readReceived } from './support/webrtc-stats.mjs';

describe('shaped link: each profile does what it says', () => {
  for (const name of /** @type {const} */ (['4g', '3g', 'edge'])) {
    test(`${name}: RTT, loss and capacity through the relay match the profile`, async () => {
      const profile = PROFILES[name];
      const measured = await probeLink(profile);
      // Within a band around the profile: a busy machine can make the relay late (more RTT, less throughput), never
      // early or faster than the cap.
      const within = (actual, low, high, what) =>
        assert.ok(
          actual >= low && actual <= high,
          `${name} ${what}: measured ${actual.toFixed(1)}, expected ${low.toFixed(1)}–${high.toFixed(1)}`,
        );
      within(measured.rttMs, profile.rttMs - 5, profile.rttMs * 1.15 + 15, 'RTT ms');
      within(measured.upKbps, profile.upKbps * 0.75, profile.upKbps * 1.1, 'up kbit/s');
      within(measured.downKbps, profile.downKbps * 0.75, profile.downKbps * 1.1, 'down kbit/s');
      within(measured.lossPercent, profile.lossPercent * 0.4, profile.lossPercent * 1.6 + 0.5, 'loss %');
    });
  }
});

describe('shaped link: a real call through LiveKit runs over it', () => {
  let stack;
  let link;
  let browser;
  const pages = [];

  before(async () => {
    stack = await startRawPageStack({
      name: 'network-profiles',
      page: PARTY_PAGE,
      livekit: { nodeIp: '127.0.0.2', autoCreate: true },
    });
    const signalPort = Number(new URL(stack.livekit.url).port);
    link = await startShapedLink({
      profile: PROFILES['3g'],
      udpPorts: [stack.livekit.rtcUdpPort],
      tcpPorts: [signalPort],
    });
    browser = await launchChromium();
    for (const identity of ['resident', 'visitor']) {
      const token = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, { identity });
      token.addGrant({ roomJoin: true, room: 'shaped-call', canPublish: true, canSubscribe: true });
      const page = await (await browser.newContext()).newPage();
      await installStatsProbe(page);
      await page.goto(stack.baseUrl);
      await page.evaluate(
        ([url, jwt]) => window.vk.join(url, jwt),
        [`ws://${link.host}:${signalPort}`, await token.toJwt()],
      );
      pages.push(page);
    }
  });

  after(async () => {
    await browser?.close();
    await link?.close();
    await stack?.stop();
  });

  test('media goes through the relay with the profile RTT, and an outage stops audio until the link is back', async () => {
    const [resident] = pages;
    await eventually(
      async () => (await resident.evaluate(() => window.vk.live())).includes('visitor:audio'),
      'resident hears the visitor',
    );
    const transport = await eventually(async () => {
      const received = await resident.evaluate(readReceived);
      return received.remote && received.audioBytes > 0 ? received : undefined;
    }, 'a selected candidate pair carrying audio');
    assert.match(transport.remote, /^127\.0\.0\.2:/, 'the media path is the relay, not a direct loopback path');
    assert.ok(transport.rtt >= PROFILES['3g'].rttMs / 1000, `WebRTC RTT ${transport.rtt}s is at least the profile's`);
    // The media keeps crossing the relay: wait until each direction carried a few seconds' worth (the first
    // check can come right after audio started, under load before 50 kB had gone down).
    const relayed = await eventually(() => {
      const stats = link.stats();
      return stats.down.bytes > 50_000 && stats.up.bytes > 50_000 ? stats : undefined;
    }, 'the relay carried the media both ways');
    assert.ok(
      relayed.down.packets > 0 && relayed.up.packets > 0,
      `the relay carried the media (${JSON.stringify(relayed)})`,
    );

    const audioBytes = async () => (await resident.evaluate(readReceived)).audioBytes;
    link.setOutage(true);
    // Let what was already past the relay arrive, then audio must stand still for the rest of the outage.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const frozen = await audioBytes();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(await audioBytes(), frozen, 'no audio arrives during the outage');
    link.setOutage(false);
    await eventually(async () => (await audioBytes()) > frozen + 5_000, 'audio flows again after the outage');
  });
});
