// End-to-end: the server adapter against a real LiveKit server and real Chromium participants.
// A token admits exactly its participant with exactly its permissions (screen share refused by the server
// even from a client that skips its own check; monitors hidden and unable to publish), terminate really
// disconnects everyone and blocks rejoin, the enforcer ends an expired room, warns once (two enforcers),
// removes intruders, and webhooks from the real server produce the right ledger for a scripted visit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccessToken, RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import { createEnforcer, roomNameFor } from '@visitkit/server-adapter';
import { launchChromium } from './support/browser.mjs';
import { eventually, minutes, startRawPageStack } from './support/raw-page-stack.mjs';
import { encodeCaller } from './support/test-visit-api.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><title>adapter e2e</title><p id="status">loading</p>
<script type="module">
import { Room, RoomEvent, Track } from '/livekit-client.esm.mjs';
const status = document.getElementById('status');
let room;
window.vk = {
  messages: [],
  disconnected: false,
  async join(url, token, { publish = true } = {}) {
    room = new Room();
    room.on(RoomEvent.DataReceived, (payload, _participant, _kind, topic) => {
      if (topic === 'visitkit.control') window.vk.messages.push(JSON.parse(new TextDecoder().decode(payload)));
    });
    room.on(RoomEvent.Disconnected, () => { window.vk.disconnected = true; status.textContent = 'disconnected'; });
    await room.connect(url, token);
    if (publish) {
      await room.localParticipant.setCameraEnabled(true);
      await room.localParticipant.setMicrophoneEnabled(true);
    }
    status.textContent = 'connected';
    return room.localParticipant.identity;
  },
  remotes() { return room ? [...room.remoteParticipants.keys()].sort() : []; },
  /** Publishes a canvas track as \`source\`, skipping livekit-client's own permission check (a modified client). */
  async forcePublish(source) {
    room.localParticipant.hasPermissionsToPublish = () => true;
    const canvas = document.createElement('canvas');
    canvas.width = 160; canvas.height = 120;
    const ctx = canvas.getContext('2d');
    setInterval(() => ctx.fillRect(Math.random() * 150, Math.random() * 110, 10, 10), 100);
    const track = canvas.captureStream(10).getVideoTracks()[0];
    const outcome = room.localParticipant.publishTrack(track, { source }).then(() => 'published', (e) => 'refused: ' + e.message);
    return Promise.race([outcome, new Promise((r) => setTimeout(() => r('no answer'), 15000))]);
  },
  async leave() { await room?.disconnect(); },
};
status.textContent = 'ready';
</script>`;

describe('e2e: server adapter with real LiveKit and Chromium', () => {
  let livekit;
  let stack;
  let baseUrl;
  let api;
  let rooms;
  let browser;
  const pages = [];

  before(async () => {
    stack = await startRawPageStack({
      name: 'server-adapter-e2e',
      page: PAGE,
      livekit: { departureTimeout: 2 },
      handlerOptions: { terminateGraceMs: 500, departureTimeoutSeconds: 2 },
    });
    ({ baseUrl, livekit, api } = stack);
    rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    browser = await launchChromium();
  });

  after(async () => {
    for (const page of pages)
      await page
        .context()
        .close()
        .catch(() => {});
    await browser?.close();
    await stack?.stop();
  });

  async function token(visit, who, body = {}) {
    const as = encodeCaller({ name: who.identity, visit, ...who });
    const response = await fetch(`${baseUrl}/api/visitkit/visits/${visit.id}/token?as=${as}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  async function staff(visit, action, body) {
    const as = encodeCaller({ identity: 'officer-1', name: 'Officer', role: 'monitor', visit });
    const response = await fetch(`${baseUrl}/api/visitkit/visits/${visit.id}/${action}?as=${as}`, {
      method: action === 'ledger' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(action === 'ledger' ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  }

  async function openPage() {
    const page = await (await browser.newContext()).newPage();
    pages.push(page);
    await page.goto(baseUrl);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    return page;
  }

  /** Opens a page and joins with a token from the adapter; returns the page. */
  async function joinAs(visit, who, options) {
    const issued = await token(visit, who);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const page = await openPage();
    await page.evaluate(
      ([url, jwt, opts]) => window.vk.join(url, jwt, opts),
      [issued.body.server_url, issued.body.participant_token, options ?? {}],
    );
    return Object.assign(page, { jwt: issued.body.participant_token });
  }

  async function closePage(page) {
    await page.evaluate(() => window.vk.leave()).catch(() => {});
    await page.context().close();
  }

  test('a visitor cannot publish a screen share; a monitor is hidden and cannot publish; warn and mute reach the room', async (t) => {
    const visit = { id: 'e2e-perms', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20), monitored: true };
    const room = await roomNameFor(visit.id, livekit.apiSecret);
    const resident = await joinAs(visit, { identity: 'res-1', role: 'resident' });
    const visitor = await joinAs(visit, { identity: 'fam-1', role: 'visitor' });
    const monitor = await joinAs(visit, { identity: 'officer-1', role: 'monitor' }, { publish: false });

    const [screen, monitorCamera] = await Promise.all([
      visitor.evaluate(() => window.vk.forcePublish('screen_share')),
      monitor.evaluate(() => window.vk.forcePublish('camera')),
    ]);
    t.diagnostic(`visitor screen share: ${screen}; monitor camera: ${monitorCamera}`);
    assert.notEqual(screen, 'published', 'the server did not refuse the screen share');
    assert.notEqual(monitorCamera, 'published', 'the server did not refuse the monitor camera');

    const participants = await rooms.listParticipants(room);
    const byIdentity = Object.fromEntries(participants.map((p) => [p.identity, p]));
    assert.deepEqual(Object.keys(byIdentity).sort(), ['fam-1', 'officer-1', 'res-1']);
    assert.ok(
      !byIdentity['fam-1'].tracks.some((t) => t.source === TrackSource.SCREEN_SHARE),
      'no screen share on the server',
    );
    assert.equal(byIdentity['officer-1'].tracks.length, 0, 'the monitor publishes nothing');
    assert.equal(byIdentity['officer-1'].permission?.hidden, true);
    assert.equal(byIdentity['fam-1'].attributes['visitkit.role'], 'visitor');

    // The others see each other but never the monitor; the monitor sees both.
    await eventually(
      async () => (await resident.evaluate(() => window.vk.remotes())).includes('fam-1'),
      'resident sees visitor',
    );
    assert.deepEqual(await resident.evaluate(() => window.vk.remotes()), ['fam-1']);
    assert.deepEqual(await visitor.evaluate(() => window.vk.remotes()), ['res-1']);
    await eventually(async () => (await monitor.evaluate(() => window.vk.remotes())).length === 2, 'monitor sees both');

    // maxVisitors (default 3) is counted from the room: a fourth visitor is refused only when three are in.
    const full = { ...visit, maxVisitors: 1 };
    const second = await token(full, { identity: 'fam-2', role: 'visitor' });
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'visit-full');
    assert.equal(
      (await token(full, { identity: 'fam-1', role: 'visitor' })).status,
      200,
      'the same visitor may rejoin',
    );

    // Staff: a warning reaches everyone as an announcement; a mute is applied by the server.
    assert.equal((await staff(visit, 'warn', { code: 'language', message: 'Mind your language.' })).status, 200);
    for (const page of [resident, visitor]) {
      const announcement = await eventually(
        async () => (await page.evaluate(() => window.vk.messages)).find((m) => m.type === 'announcement'),
        'announcement received',
      );
      assert.equal(announcement.code, 'language');
      assert.equal(announcement.message, 'Mind your language.');
    }
    const muted = await staff(visit, 'mute', { identity: 'fam-1', track: 'audio' });
    assert.equal(muted.status, 200, JSON.stringify(muted.body));
    const audio = await eventually(async () => {
      const info = await rooms.getParticipant(room, 'fam-1');
      return info.tracks.find((t) => t.source === TrackSource.MICROPHONE && t.muted);
    }, 'microphone muted on the server');
    assert.equal(audio.sid, muted.body.track_sid);
    const staffEvents = api.events.filter(
      (e) => e.visitId === visit.id && (e.type === 'visit-warned' || e.type === 'track-muted'),
    );
    assert.deepEqual(
      staffEvents.map((e) => [e.type, e.staff.identity]),
      [
        ['visit-warned', 'officer-1'],
        ['track-muted', 'officer-1'],
      ],
    );
    for (const page of [resident, visitor, monitor]) await closePage(page);
  });

  test('terminate disconnects everyone with the reason, and neither old tokens nor new requests get back in', async (t) => {
    const visit = { id: 'e2e-terminate', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    const resident = await joinAs(visit, { identity: 'res-1', role: 'resident' });
    const visitor = await joinAs(visit, { identity: 'fam-1', role: 'visitor' });
    const response = await staff(visit, 'terminate', { reason: 'Contraband on camera' });
    assert.equal(response.status, 200);
    for (const page of [resident, visitor]) {
      await eventually(() => page.evaluate(() => window.vk.disconnected), 'participant disconnected');
      const messages = await page.evaluate(() => window.vk.messages);
      assert.deepEqual(
        messages.filter((m) => m.type === 'ending'),
        [{ type: 'ending', reason: 'terminated', message: 'Contraband on camera', id: 'ending-terminated' }],
      );
    }
    // The old token is still signed and unexpired, but the room is gone and auto_create is off.
    const rejoin = await openPage();
    const again = await rejoin.evaluate(
      ([url, jwt]) =>
        window.vk.join(url, jwt).then(
          () => 'joined',
          (e) => `refused: ${e.message}`,
        ),
      [livekit.url, resident.jwt],
    );
    assert.match(again, /^refused/, 'an old token cannot re-enter a terminated visit');
    t.diagnostic(`rejoin with the old token after terminate: ${again}`);
    assert.equal((await rooms.listRooms([await roomNameFor(visit.id, livekit.apiSecret)])).length, 0);
    const fresh = await token(visit, { identity: 'res-1', role: 'resident' });
    assert.equal(fresh.status, 409);
    assert.equal(fresh.body.error.code, 'visit-terminated');
    for (const page of [resident, visitor, rejoin]) await closePage(page);
  });

  test('two enforcers: one warning id per offset, the expired room is ended for everyone', async () => {
    const endsAt = Date.now() + 15 * 60_000;
    const visit = {
      id: 'e2e-enforce',
      kind: 'social',
      startsAt: minutes(-1),
      endsAt: new Date(endsAt).toISOString(),
      warnings: [300, 60],
    };
    const resident = await joinAs(visit, { identity: 'res-1', role: 'resident' });
    let clock = endsAt - 299_000;
    const options = { livekit, intervalMs: 200, now: () => clock, store: api.store };
    const enforcers = [createEnforcer(options), createEnforcer(options)];
    for (const enforcer of enforcers) enforcer.start();
    try {
      await eventually(
        async () => (await resident.evaluate(() => window.vk.messages)).some((m) => m.type === 'warning'),
        'warning received',
      );
      await new Promise((resolve) => setTimeout(resolve, 1500)); // several more ticks of both enforcers
      const warnings = (await resident.evaluate(() => window.vk.messages)).filter((m) => m.type === 'warning');
      assert.deepEqual([...new Set(warnings.map((m) => m.id))], ['warning-300']);
      assert.ok(warnings.length <= 2, `delivered ${warnings.length} times (at most once per enforcer)`);
      clock = endsAt + 1000;
      await eventually(() => resident.evaluate(() => window.vk.disconnected), 'room ended at endsAt');
      const endings = (await resident.evaluate(() => window.vk.messages)).filter((m) => m.type === 'ending');
      assert.equal(endings[0]?.reason, 'time-limit');
      assert.equal(new Set(endings.map((m) => m.id)).size, 1);
    } finally {
      for (const enforcer of enforcers) await enforcer.stop();
    }
    assert.equal(
      (await token(visit, { identity: 'res-1', role: 'resident' })).status,
      200,
      'still inside the real window',
    );
    await closePage(resident);
  });

  test('the enforcer removes a monitor from a privileged visit and visitors over maxVisitors', async () => {
    const privileged = { id: 'e2e-privileged', kind: 'privileged', startsAt: minutes(-1), endsAt: minutes(20) };
    const attorney = await joinAs(privileged, { identity: 'att-1', role: 'attorney' });
    // The adapter refuses monitors here (403); a token minted elsewhere with the same key is what's left.
    assert.equal((await token(privileged, { identity: 'officer-1', role: 'monitor' })).status, 403);
    const room = await roomNameFor(privileged.id, livekit.apiSecret);
    const rogue = new AccessToken(livekit.apiKey, livekit.apiSecret, {
      identity: 'officer-9',
      attributes: { 'visitkit.role': 'monitor' },
    });
    rogue.addGrant({ room, roomJoin: true, canPublish: false, canSubscribe: true, hidden: true });
    const spy = await openPage();
    await spy.evaluate(
      ([url, jwt]) => window.vk.join(url, jwt, { publish: false }),
      [livekit.url, await rogue.toJwt()],
    );

    const social = { id: 'e2e-capacity', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20), maxVisitors: 1 };
    // Both tokens are issued before either joins (a race the token route cannot see); the enforcer settles it.
    const first = await token(social, { identity: 'fam-1', role: 'visitor' });
    const second = await token(social, { identity: 'fam-2', role: 'visitor' });
    const visitors = [];
    for (const issued of [first, second]) {
      const page = await openPage();
      await page.evaluate(
        ([url, jwt]) => window.vk.join(url, jwt),
        [issued.body.server_url, issued.body.participant_token],
      );
      visitors.push(page);
    }
    const report = await createEnforcer({ livekit, store: api.store }).tick();
    assert.deepEqual(
      report.removed
        .filter((r) => r.visitId.startsWith('e2e-privileged') || r.visitId === 'e2e-capacity')
        .sort((a, b) => a.identity.localeCompare(b.identity)),
      [
        { visitId: 'e2e-capacity', identity: 'fam-2' },
        { visitId: 'e2e-privileged', identity: 'officer-9' },
      ],
    );
    await eventually(() => spy.evaluate(() => window.vk.disconnected), 'monitor removed');
    await eventually(() => visitors[1].evaluate(() => window.vk.disconnected), 'second visitor removed');
    assert.equal(await visitors[0].evaluate(() => window.vk.disconnected), false, 'the first visitor stays');
    assert.equal(await attorney.evaluate(() => window.vk.disconnected), false, 'the attorney stays');
    for (const page of [attorney, spy, ...visitors]) await closePage(page);
  });

  test('webhooks from the real server produce the ledger of a scripted visit (±2 s)', async () => {
    const visit = { id: 'e2e-ledger', kind: 'social', startsAt: minutes(-1), endsAt: minutes(20) };
    // Each step is bracketed by the wall clock before and after it: the server's time must fall inside (±2 s).
    const marks = {};
    const step = async (name, page, action) => {
      const before = Date.now();
      await page.evaluate(action.fn, action.arg);
      marks[name] = [before, Date.now()];
    };
    const prepare = async (who) => {
      const issued = await token(visit, who);
      assert.equal(issued.status, 200);
      return {
        page: await openPage(),
        join: {
          fn: ([url, jwt]) => window.vk.join(url, jwt),
          arg: [issued.body.server_url, issued.body.participant_token],
        },
      };
    };
    const leave = { fn: () => window.vk.leave(), arg: undefined };
    const resident = await prepare({ identity: 'res-1', role: 'resident' });
    const visitor = await prepare({ identity: 'fam-1', role: 'visitor' });
    await step('residentJoined', resident.page, resident.join);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await step('visitorJoined', visitor.page, visitor.join);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await step('visitorLeft', visitor.page, leave);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await step('residentLeft', resident.page, leave);
    // departure_timeout is 2 s: LiveKit closes the room and says so.
    await eventually(
      () => api.events.some((e) => e.type === 'room-finished' && e.visitId === visit.id),
      'room_finished webhook',
    );
    const { status, body: ledger } = await staff(visit, 'ledger');
    assert.equal(status, 200);
    const near = (iso, [from, to], what) => {
      const at = Date.parse(iso);
      assert.ok(
        at >= from - 2000 && at <= to + 2000,
        `${what}: ${iso} not within 2 s of ${new Date(from).toISOString()}…${new Date(to).toISOString()}`,
      );
    };
    const res = ledger.participants.find((p) => p.identity === 'res-1');
    const fam = ledger.participants.find((p) => p.identity === 'fam-1');
    assert.equal(res.intervals.length, 1);
    assert.equal(fam.intervals.length, 1);
    near(res.intervals[0].joinedAt, marks.residentJoined, 'resident joined');
    near(res.intervals[0].leftAt, marks.residentLeft, 'resident left');
    near(fam.intervals[0].joinedAt, marks.visitorJoined, 'visitor joined');
    near(fam.intervals[0].leftAt, marks.visitorLeft, 'visitor left');
    const shortest = (marks.visitorLeft[0] - marks.visitorJoined[1]) / 1000;
    const longest = (marks.visitorLeft[1] - marks.visitorJoined[0]) / 1000;
    assert.ok(
      ledger.bothConnectedSeconds >= shortest - 2 && ledger.bothConnectedSeconds <= longest + 2,
      `both connected ${ledger.bothConnectedSeconds}s, expected ${shortest}…${longest}s ±2`,
    );
    assert.equal(ledger.end?.cause, 'user');
    assert.equal(ledger.end?.identity, 'fam-1', 'the visitor hanging up ended the visit');
    // Track webhooks carry no room metadata or attributes: the adapter resolves the visit and the role from LiveKit.
    const published = api.events.filter((e) => e.type === 'track-published' && e.visitId === visit.id);
    for (const [identity, role] of [
      ['res-1', 'resident'],
      ['fam-1', 'visitor'],
    ]) {
      const own = published.filter((e) => e.participant.identity === identity);
      assert.ok(own.length > 0, `${identity}'s tracks are recorded`);
      assert.ok(
        own.every((e) => e.participant.role === role),
        `${identity}'s tracks carry the role ${role}`,
      );
    }
    for (const { page } of [resident, visitor]) await page.context().close();
  });
});
