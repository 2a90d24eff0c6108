// The shaped-network harness (tests/support/shaped-link.mjs) is trusted only as far as it is measured: each profile
// is probed for RTT, loss and capacity through the relay, then a real WebRTC call through real LiveKit is checked to
// run over the relay with the profile's RTT, and to stop and come back across an outage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccessToken } from 'livekit-server-sdk';
import { launchChromium } from './support/browser.mjs';
import { eventually, PARTY_PAGE, startRawPageStack } from './support/raw-page-stack.mjs';
import { PROFILES, probeLink, startShapedLink } from './support/shaped-link.mjs';

describe('shaped link: each profile does what it says', () => {
  for (const name of /** @type {const} */ (['4g', '3g', 'edge'])) {
    test(`${name}: RTT, loss and capacity through the relay match the profile`, async () => {
      const profile = PROFILES[name];
      const measured = await probeLink(profile);
      const near = (actual, expected, tolerance, what) =>
        assert.ok(Math.abs(actual - expected) <= tolerance, `${name} ${what}: measured ${actual.toFixed(1)}, profile ${expected}`);
      near(measured.rttMs, profile.rttMs, 10 + profile.rttMs * 0.1, 'RTT ms');
      near(measured.upKbps, profile.upKbps, profile.upKbps * 0.15, 'up kbit/s');
      near(measured.downKbps, profile.downKbps, profile.downKbps * 0.15, 'down kbit/s');
      near(measured.lossPercent, profile.lossPercent, Math.max(0.5, profile.lossPercent * 0.6), 'loss %');
    });
  }
});

/** Captures every RTCPeerConnection a page makes, so the test can read its stats. */
const capturePeerConnections = () => {
  const Native = window.RTCPeerConnection;
  /** @type {RTCPeerConnection[]} */
  const all = [];
  Object.defineProperty(window, '__peerConnections', { value: all });
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      all.push(this);
    }
  };
};

/** The selected ICE pair's remote address and RTT, and audio bytes received so far, over all of a page's connections. */
const readTransport = () =>
  Promise.all(
    window.__peerConnections.map(async (pc) => {
      const stats = await pc.getStats();
      let pair;
      let audioBytes = 0;
      stats.forEach((entry) => {
        if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') pair = entry;
        if (entry.type === 'inbound-rtp' && entry.kind === 'audio') audioBytes += entry.bytesReceived ?? 0;
      });
      const remote = pair ? stats.get(pair.remoteCandidateId) : undefined;
      return { remote: remote ? `${remote.address}:${remote.port}` : undefined, rtt: pair?.currentRoundTripTime, audioBytes };
    }),
  );

describe('shaped link: a real call through LiveKit runs over it', () => {
  let stack;
  let link;
  let browser;
  const pages = [];

  before(async () => {
    stack = await startRawPageStack({ name: 'network-profiles', page: PARTY_PAGE, livekit: { nodeIp: '127.0.0.2', autoCreate: true } });
    const signalPort = Number(new URL(stack.livekit.url).port);
    link = await startShapedLink({ profile: PROFILES['3g'], udpPorts: [stack.livekit.rtcUdpPort], tcpPorts: [signalPort] });
    browser = await launchChromium();
    for (const identity of ['resident', 'visitor']) {
      const token = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, { identity });
      token.addGrant({ roomJoin: true, room: 'shaped-call', canPublish: true, canSubscribe: true });
      const page = await (await browser.newContext()).newPage();
      await page.addInitScript(capturePeerConnections);
      await page.goto(stack.baseUrl);
      await page.evaluate(([url, jwt]) => window.vk.join(url, jwt), [`ws://${link.host}:${signalPort}`, await token.toJwt()]);
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
    await eventually(async () => (await resident.evaluate(() => window.vk.live())).includes('visitor:audio'), 'resident hears the visitor');
    const transport = await eventually(async () => {
      const all = await resident.evaluate(readTransport);
      return all.find((t) => t.remote && t.rtt !== undefined && t.audioBytes > 0);
    }, 'a selected candidate pair carrying audio');
    assert.match(transport.remote, /^127\.0\.0\.2:/, 'the media path is the relay, not a direct loopback path');
    assert.ok(transport.rtt >= PROFILES['3g'].rttMs / 1000, `WebRTC RTT ${transport.rtt}s is at least the profile's`);
    const relayed = link.stats();
    assert.ok(relayed.down.bytes > 50_000 && relayed.up.bytes > 50_000, `the relay carried the media (${JSON.stringify(relayed)})`);

    const audioBytes = async () => (await resident.evaluate(readTransport)).reduce((sum, t) => sum + t.audioBytes, 0);
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
