// End to end on the sample portal, real LiveKit and Chromium: privileged visits are encrypted end to end. The
// attorney and the resident see and hear each other with the "End-to-end encrypted" badge; a rogue operator holding
// LiveKit's API key joins the room with a token of its own and receives the tracks, but decodes no picture or sound
// that resembles the camera and microphone the parties decode; a browser without E2EE support gets a clear error
// and publishes nothing; a social visit never loads the encryption worker.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AccessToken } from 'livekit-server-sdk';
import { roomNameFor } from '@visitkit/server-adapter';
import { ROOT } from '../scripts/lib/paths.mjs';
import { launchChromium } from './support/browser.mjs';
import {
  FAKE_DEVICE_TRACKS,
  WIDGET_REMOTE_TRACKS,
  dominantFrequency,
  pictureDistance,
  probeTracks,
  shareNear,
} from './support/media-probe.mjs';
import {
  cspViolations,
  eventually,
  joinFromWidget,
  openAs,
  remoteMedia,
  startPortalStack,
  visibleText,
  waitForState,
} from './support/portal.mjs';

/** The sample portal's tenant (examples/portal/src/app.ts): part of the room name's key. */
const PORTAL_TENANT = 'visitkit-sample-portal';

/** Records every Worker a page creates (the E2EE worker is the only one Visitkit would start). */
function spyOnWorkers() {
  const created = [];
  Object.defineProperty(window, '__workersCreated', { value: created });
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(url, options) {
      created.push(String(url));
      super(url, options);
    }
  };
}

/** A browser without insertable streams or RTCRtpScriptTransform; also counts peer connections the page opens. */
function withoutE2eeSupport() {
  delete window.RTCRtpScriptTransform;
  delete RTCRtpSender.prototype.createEncodedStreams;
  const opened = [];
  Object.defineProperty(window, '__peerConnections', { value: opened });
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      opened.push(this);
    }
  };
}

/** A page with nothing but livekit-client and no key: what someone holding LiveKit's API key could run. */
const EAVESDROPPER_PAGE = `<!doctype html><meta charset="utf-8"><title>eavesdropper</title>
<script type="module">
import { Room } from '/livekit-client.esm.mjs';
let room;
window.eavesdropper = {
  async join(url, token) {
    room = new Room();
    await room.connect(url, token, { autoSubscribe: true });
  },
  /** identity:kind of every remote track received now. */
  received() {
    return [...(room?.remoteParticipants.values() ?? [])].flatMap((p) =>
      [...p.trackPublications.values()].filter((t) => t.track).map((t) => p.identity + ':' + t.kind));
  },
  /** Whether LiveKit says the tracks it relays are encrypted. */
  encrypted(identity) {
    return room.remoteParticipants.get(identity)?.isEncrypted;
  },
  /** RTP packets received so far from that participant's tracks (what LiveKit relays to the eavesdropper). */
  async packets(identity) {
    let total = 0;
    for (const t of room.remoteParticipants.get(identity)?.trackPublications.values() ?? []) {
      (await t.track?.receiver?.getStats())?.forEach((s) => { if (s.type === 'inbound-rtp') total += s.packetsReceived; });
    }
    return total;
  },
  tracks(identity) {
    const p = room.remoteParticipants.get(identity);
    const of = (kind) => [...p.trackPublications.values()].find((t) => t.kind === kind && t.track)?.track.mediaStreamTrack;
    return { video: of('video'), audio: of('audio') };
  },
};
</script>`;

/**
 * Serves {@link EAVESDROPPER_PAGE} and livekit-client from a loopback server of its own (Chromium's local network
 * checks let a loopback page, not a route-fulfilled one, reach LiveKit on loopback).
 */
async function serveEavesdropper() {
  const livekitClient = await readFile(join(ROOT, 'node_modules/livekit-client/dist/livekit-client.esm.mjs'));
  const server = createServer((req, res) => {
    if (req.url === '/livekit-client.esm.mjs')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(livekitClient);
    return res.writeHead(200, { 'content-type': 'text/html' }).end(EAVESDROPPER_PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('portal: privileged visits are end-to-end encrypted', () => {
  let stack;
  let browser;
  let eavesdropperPage;

  before(async () => {
    stack = await startPortalStack({ name: 'e2ee' });
    browser = await launchChromium();
    eavesdropperPage = await serveEavesdropper();
  });

  /** Opens `path` as `user`, noting every worker the page creates. */
  const openSpied = (user, path) => openAs(browser, stack.url, user, path, {}, { initScripts: [spyOnWorkers] });

  after(async () => {
    await browser?.close();
    await eavesdropperPage?.close();
    await stack?.stop();
  });

  test('attorney and resident see and hear each other with the badge; an eavesdropper with the API key gets only ciphertext', async () => {
    const visit = await stack.createVisit({ kind: 'privileged', endIn: 600_000, participantIds: ['james', 'okafor'] });
    const attorney = await openSpied('okafor', `/attorney/visits/${visit.id}`);
    const resident = await openSpied('james', `/kiosk/visits/${visit.id}`);
    await joinFromWidget(attorney.page);
    await joinFromWidget(resident.page);
    for (const [side, other] of /** @type {[typeof attorney, string][]} */ ([
      [attorney, 'james'],
      [resident, 'okafor'],
    ])) {
      await waitForState(side.page, 'live');
      await eventually(
        async () => (await remoteMedia(side.page)).some((p) => p.identity === other && p.video && p.audio),
        `${other} is seen and heard`,
        undefined,
        async () => ({
          seen: await remoteMedia(side.page),
          attorney: attorney.logs.slice(-40),
          resident: resident.logs.slice(-40),
        }),
      );
      await eventually(
        async () => /End-to-end encrypted/.test(await visibleText(side.page)),
        'the badge shows',
        undefined,
        () =>
          side.page.evaluate(() =>
            document.querySelector('vk-visit').client.participants.map((p) => [p.identity, p.e2ee]),
          ),
      );
      const workers = await side.page.evaluate(() => window.__workersCreated);
      assert.ok(
        workers.some((url) => url.endsWith('/e2ee-worker.js')),
        `the encryption worker ran: ${JSON.stringify(workers)}`,
      );
      assert.equal(
        await side.page.evaluate(
          () =>
            /** @type {import('@visitkit/core').VisitClient} */ (document.querySelector('vk-visit').client).encrypted,
        ),
        true,
      );
      assert.deepEqual(cspViolations(side.logs), [], "the portal's CSP lets the worker run (worker-src 'self')");
    }

    // The rogue operator: a token minted straight from LiveKit's API key for the visit's room, subscribe only.
    const room = await roomNameFor(visit.id, stack.livekit.apiSecret, { tenant: PORTAL_TENANT });
    const token = new AccessToken(stack.livekit.apiKey, stack.livekit.apiSecret, { identity: 'rogue-operator' });
    token.addGrant({
      roomJoin: true,
      room,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      hidden: true,
    });
    const rogue = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
    await rogue.goto(eavesdropperPage.url);
    await rogue.waitForFunction(() => window.eavesdropper);
    await rogue.evaluate(([url, jwt]) => window.eavesdropper.join(url, jwt), [stack.livekit.url, await token.toJwt()]);
    await eventually(
      async () =>
        (await rogue.evaluate(() => window.eavesdropper.received())).filter((t) => t.startsWith('okafor:')).length ===
        2,
      "the eavesdropper receives the attorney's video and audio tracks",
      undefined,
      () => rogue.evaluate(() => window.eavesdropper.received()),
    );
    assert.equal(
      await rogue.evaluate(() => window.eavesdropper.encrypted('okafor')),
      true,
      'LiveKit relays encrypted tracks',
    );

    // Same fake camera and microphone everywhere (one Chromium): what each side decodes of the attorney, against it.
    const camera = await probeTracks(rogue, FAKE_DEVICE_TRACKS);
    const beep = dominantFrequency(camera.peaks);
    assert.ok(
      camera.thumbnail && beep !== undefined && shareNear(camera.peaks, beep) > 0.6,
      'the fake camera and microphone are probed',
    );
    // The resident: once audio and video flow (a loaded machine needs a moment), the camera's picture and its beep.
    const party = await eventually(async () => {
      const probe = await probeTracks(resident.page, WIDGET_REMOTE_TRACKS);
      return probe.thumbnail && shareNear(probe.peaks, beep) > 0.5 ? probe : undefined;
    }, "the resident sees and hears the attorney's camera and microphone");
    const partyDistance = pictureDistance(party.thumbnail, camera.thumbnail);
    assert.ok(partyDistance < 30, `the resident sees the camera's picture (distance ${partyDistance})`);
    // The eavesdropper: packets keep coming, but what it decodes is neither the picture nor the beep.
    const before = await rogue.evaluate(() => window.eavesdropper.packets('okafor'));
    const eavesdropped = await probeTracks(rogue, `window.eavesdropper.tracks('okafor')`, 5000);
    const received = (await rogue.evaluate(() => window.eavesdropper.packets('okafor'))) - before;
    const rogueDistance = pictureDistance(eavesdropped.thumbnail, camera.thumbnail);
    const rogueBeep = shareNear(eavesdropped.peaks, beep);
    console.log(
      `media probes: ${JSON.stringify({ beep, partyDistance, partyBeep: shareNear(party.peaks, beep), rogueDistance, rogueBeep, rogueFrames: eavesdropped.frames, rogueLevel: eavesdropped.level, received })}`,
    );
    assert.ok(received > 100, `the eavesdropper keeps receiving the attorney's packets (${received})`);
    assert.ok(
      rogueDistance > 2 * Math.max(partyDistance, 10),
      `the eavesdropper sees no picture (distance ${rogueDistance})`,
    );
    assert.ok(rogueBeep < 0.25, `the eavesdropper hears no beep (${rogueBeep} of its loud moments at ${beep} Hz)`);

    // The ledger puts the rogue join on record (from LiveKit's webhook): someone without a Visitkit role was admitted.
    const ledger = await eventually(
      async () => {
        const l = await stack.ledger(visit.id);
        return l.privileged?.recorderAdmitted ? l : undefined;
      },
      'the ledger records the rogue join',
      undefined,
      () => stack.ledger(visit.id),
    );
    assert.deepEqual(ledger.privileged, { e2ee: true, monitorAdmitted: false, recorderAdmitted: true });
    const events = JSON.stringify(await stack.events(visit.id));
    assert.doesNotMatch(events, /e2ee_key/);
    for (const side of [attorney, resident]) await side.context.close();
    await rogue.context().close();
  });

  test('a browser without E2EE support gets the clear error and publishes nothing', async () => {
    const visit = await stack.createVisit({ kind: 'privileged', endIn: 600_000, participantIds: ['james', 'okafor'] });
    const resident = await openAs(
      browser,
      stack.url,
      'james',
      `/kiosk/visits/${visit.id}`,
      {},
      { initScripts: [withoutE2eeSupport, spyOnWorkers] },
    );
    await joinFromWidget(resident.page);
    await waitForState(resident.page, 'failed');
    assert.equal(
      await resident.page.evaluate(() => document.querySelector('vk-visit').client.lastError?.code),
      'e2ee-unsupported',
    );
    assert.match(await visibleText(resident.page), /This browser cannot protect this visit/);
    assert.equal(
      await resident.page.evaluate(() => window.__peerConnections.length),
      0,
      'no connection to LiveKit was opened',
    );
    assert.deepEqual(await resident.page.evaluate(() => window.__workersCreated), []);
    const events = await stack.events(visit.id);
    assert.ok(!events.some((e) => e.type === 'participant-joined'), 'LiveKit never saw the resident');
    await resident.context.close();
  });

  test('a social visit loads no encryption worker and shows no badge', async () => {
    const visit = await stack.createVisit({ endIn: 600_000, participantIds: ['james', 'maria'] });
    const family = await openSpied('maria', `/family/visits/${visit.id}`);
    const resident = await openSpied('james', `/kiosk/visits/${visit.id}`);
    const requested = [];
    for (const side of [family, resident]) side.context.on('request', (request) => requested.push(request.url()));
    await joinFromWidget(family.page);
    await joinFromWidget(resident.page);
    await waitForState(family.page, 'live');
    await eventually(
      async () => (await remoteMedia(family.page)).some((p) => p.identity === 'james' && p.video && p.audio),
      'james is seen and heard',
    );
    for (const side of [family, resident]) {
      assert.deepEqual(await side.page.evaluate(() => window.__workersCreated), []);
      assert.equal(
        await side.page.evaluate(
          () =>
            /** @type {import('@visitkit/core').VisitClient} */ (document.querySelector('vk-visit').client).encrypted,
        ),
        false,
      );
      assert.doesNotMatch(await visibleText(side.page), /End-to-end encrypted/);
    }
    assert.ok(!requested.some((url) => url.includes('e2ee-worker')), 'the worker file was never fetched');
    for (const side of [family, resident]) await side.context.close();
  });
});
