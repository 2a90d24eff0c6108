// VisitClient against the REAL LiveKit server, with real tokens from the server adapter mounted by the
// test runner at /api/visitkit (test identity protocol: the `as` query parameter).
import { expect } from '@open-wc/testing';
import { Room } from 'livekit-client';
import { CONTROL_TOPIC } from './protocol/roles.js';
import { encodeControlMessage } from './protocol/control.js';
import type { Visit } from './protocol/visit.js';
import type { VisitParticipant } from './events.js';
import { VisitClient } from './visit-client.js';
import { VisitError } from './visit-error.js';
import { b64url, quietLogger, waitFor } from './test-support/fixtures.js';
import {
  clientFor,
  remoteWith,
  signalSockets as sockets,
  tokenUrl,
  uniqueVisit as openUniqueVisit,
  until,
  type Caller,
} from './test-support/real-livekit.js';

// Count peer connections this page opens, to prove leave() closes them all.
const peerConnections: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    peerConnections.push(this);
  }
};
const openPeerConnections = (): number =>
  peerConnections.filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed').length;

const uniqueVisit = (overrides: Partial<Visit> = {}): Visit => openUniqueVisit('core', overrides);

/** Resolves with a `<video>` showing the participant's camera once it has decoded a frame. */
async function decodedVideo(participant: VisitParticipant): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.style.width = '320px';
  video.style.height = '240px';
  document.body.append(video);
  participant.videoTrack?.attach(video);
  await waitFor(
    (check) => {
      const timer = setInterval(check, 50);
      return () => clearInterval(timer);
    },
    () => video.videoWidth > 0,
    `a decoded frame from ${participant.identity} (page ${document.visibilityState}, track ${participant.videoTrack?.mediaStreamTrack.readyState}, muted ${String(participant.videoTrack?.mediaStreamTrack.muted)})`,
  );
  return video;
}

const resident = (n = ''): Caller => ({ identity: `resident${n}`, name: 'Rosa Resident', role: 'resident' });
const visitor = (n = ''): Caller => ({ identity: `visitor${n}`, name: 'Victor Visitor', role: 'visitor' });
const monitor: Caller = { identity: 'officer-1', name: 'Officer One', role: 'monitor' };

describe('VisitClient with a real LiveKit server', function () {
  this.timeout(60_000);
  const clients: VisitClient[] = [];
  const track = (client: VisitClient): VisitClient => {
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.leave()));
    document.querySelectorAll('video').forEach((video) => video.remove());
  });

  it('two people join, each sees the other’s video, and leave() leaves no track or peer connection open', async () => {
    const visit = uniqueVisit();
    const a = track(clientFor(visit, resident()));
    const b = track(clientFor(visit, visitor()));
    const statesA: string[] = [];
    a.on('state', (state) => statesA.push(state));

    await a.startPreview();
    await b.startPreview();
    expect(a.state).to.equal('prejoin');
    const previewCamera = a.localTracks.camera;
    expect(previewCamera?.mediaStreamTrack.readyState).to.equal('live');

    await a.join();
    // Alone in the room: the lobby, waiting for the other party.
    expect(a.state).to.equal('lobby');
    expect(a.lobbyReason).to.equal('waiting-for-party');
    await b.join();
    await until(a, 'state', () => a.state === 'live', 'a live');
    expect(b.state).to.equal('live');
    expect(statesA).to.deep.equal(['prejoin', 'connecting', 'lobby', 'live']);
    // The preview track itself was published, not a second capture.
    expect(a.localTracks.camera).to.equal(previewCamera);

    const bSeenByA = await remoteWith(a, 'visitor');
    const aSeenByB = await remoteWith(b, 'resident');
    expect(bSeenByA.role).to.equal('visitor');
    expect(bSeenByA.name).to.equal('Victor Visitor');
    expect(aSeenByB.role).to.equal('resident');
    expect((await decodedVideo(bSeenByA)).videoWidth).to.be.greaterThan(0);
    expect((await decodedVideo(aSeenByB)).videoWidth).to.be.greaterThan(0);
    expect(a.participants[0]?.isLocal).to.equal(true);
    expect(a.timeLeftMs).to.be.greaterThan(0);

    const mediaTracks = [a, b].flatMap((c) => [c.localTracks.camera, c.localTracks.microphone]);
    const remoteTracks = [bSeenByA.videoTrack, aSeenByB.videoTrack];
    expect(openPeerConnections()).to.be.greaterThan(0);

    await a.leave();
    await b.leave();
    expect(a.endInfo?.reason).to.equal('left');
    expect(a.endInfo?.liveDurationMs).to.be.greaterThan(0);
    for (const t of [...mediaTracks, ...remoteTracks]) expect(t?.mediaStreamTrack.readyState).to.equal('ended');
    expect(a.localTracks.camera).to.equal(undefined);
    expect(openPeerConnections()).to.equal(0);
  });

  it('says "joined" to the adapter as soon as LiveKit answers, before its media connects; monitors and joinedUrl: null never do', async () => {
    const visit = uniqueVisit({ monitored: true });
    interface Said {
      path: string;
      body: unknown;
      stateWhenSent: string;
      status: number;
      answer: unknown;
    }
    const said: Said[] = [];
    const reports = new EventTarget();
    const clientSaying = (who: Caller, joinedUrl?: null): VisitClient => {
      const box: { client?: VisitClient } = {};
      const recording: typeof fetch = async (input, init) => {
        const path = new URL(input instanceof Request ? input.url : input, location.href).pathname;
        const stateWhenSent = box.client?.state ?? 'none';
        const response = await fetch(input, init);
        if (path.endsWith('/joined')) {
          const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
          said.push({ path, body, stateWhenSent, status: response.status, answer: await response.clone().json() });
          reports.dispatchEvent(new Event('said'));
        }
        return response;
      };
      box.client = new VisitClient({
        visitId: visit.id,
        tokenUrl: tokenUrl(visit, who),
        fetch: recording,
        logger: quietLogger,
        ...(joinedUrl === null ? { joinedUrl } : {}),
      });
      return track(box.client);
    };
    const family = clientSaying(visitor());
    await family.join();
    await waitFor(
      (check) => {
        reports.addEventListener('said', check);
        return () => reports.removeEventListener('said', check);
      },
      () => said.length === 1,
      'the joined report',
    );
    // Sent while LiveKit's media transport was still connecting (the visit not yet live or in the lobby), and the
    // adapter granted then: the webhook that would otherwise grant comes only once the transport is up.
    expect(said).to.deep.equal([
      {
        path: `/api/visitkit/visits/${visit.id}/joined`,
        body: {},
        stateWhenSent: 'connecting',
        status: 200,
        answer: { can_subscribe: true },
      },
    ]);
    const officer = clientSaying(monitor);
    const quiet = clientSaying(resident(), null);
    await Promise.all([officer.join(), quiet.join()]);
    await remoteWith(quiet, 'visitor', 'audioTrack'); // both fully in; nothing more was said
    expect(said).to.have.length(1);
  });

  it('mutes, turns the camera off and on, switches the microphone, and shows a monitor’s mute', async () => {
    const visit = uniqueVisit({ monitored: true });
    const a = track(clientFor(visit, resident()));
    const b = track(clientFor(visit, visitor()));
    await a.startPreview();
    await Promise.all([a.join(), b.join()]);
    const aSeenByB = (predicate: (p: VisitParticipant) => boolean, what: string): Promise<VisitParticipant> =>
      until(b, 'participants', () => b.participants.find((p) => p.identity === 'resident' && predicate(p)), what);
    await aSeenByB((p) => p.micEnabled && p.cameraEnabled, 'resident with mic and camera');

    await a.setMicrophoneEnabled(false);
    expect(a.micEnabled).to.equal(false);
    await aSeenByB((p) => !p.micEnabled, 'resident muted');

    await a.setCameraEnabled(false);
    expect(a.cameraEnabled).to.equal(false);
    // Camera off means the camera is released (its light goes off), not just a black picture.
    expect(a.localTracks.camera?.mediaStreamTrack.readyState).to.equal('ended');
    await aSeenByB((p) => !p.cameraEnabled, 'resident camera off');
    await a.setCameraEnabled(true);
    expect(a.localTracks.camera?.mediaStreamTrack.readyState).to.equal('live');
    await aSeenByB((p) => p.cameraEnabled, 'resident camera back on');

    const microphones = (await a.listDevices()).filter((d) => d.kind === 'audioinput' && d.deviceId);
    const other = microphones.find((d) => d.deviceId !== 'default') ?? microphones[0];
    expect(other, 'a fake microphone').to.not.equal(undefined);
    await a.switchDevice('audioinput', other!.deviceId);
    expect(a.selectedDevices.audioinput).to.equal(other!.deviceId);
    expect(a.localTracks.microphone?.mediaStreamTrack.readyState).to.equal('live');

    // A monitor mutes the visitor on the server: the visitor's own client shows it.
    expect(b.micEnabled).to.equal(true);
    const response = await fetch(`/api/visitkit/visits/${visit.id}/mute?as=${b64url({ ...monitor, visit })}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'visitor', track: 'audio' }),
    });
    expect(response.status).to.equal(200);
    await until(b, 'participants', () => !b.micEnabled, 'the visitor muted by the monitor');
  });

  it('delivers clock warnings and staff announcements, and shows the staff reason on termination', async () => {
    // Ends in ~63 s with a warning at 60 s: the clock warning comes a few seconds after joining.
    const visit = uniqueVisit({ endsAt: new Date(Date.now() + 63_000).toISOString(), warnings: [60] });
    const a = track(clientFor(visit, resident()));
    const b = track(clientFor(visit, visitor()));
    const warnings: string[] = [];
    a.on('warning', (w) => warnings.push(`${w.source}:${w.secondsLeft}`));
    const announcements: string[] = [];
    a.on('announcement', (n) => announcements.push(`${n.code}:${n.message ?? ''}`));
    const ended: string[] = [];
    a.on('ended', (info) => ended.push(`${info.reason}:${info.message ?? ''}`));

    await Promise.all([a.join(), b.join()]);
    await until(a, 'warning', () => warnings.length > 0, 'the 60 s warning');
    expect(warnings).to.deep.equal(['clock:60']);

    const staff = (path: string, body: unknown): Promise<Response> =>
      fetch(`/api/visitkit/visits/${visit.id}/${path}?as=${b64url({ ...monitor, visit })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await staff('warn', { code: 'language', message: 'Please keep it civil.' })).status).to.equal(200);
    await until(a, 'announcement', () => announcements.length > 0, 'the announcement');
    expect(announcements).to.deep.equal(['language:Please keep it civil.']);

    expect((await staff('terminate', { reason: 'Rule violation' })).status).to.equal(200);
    await until(a, 'ended', () => ended.length > 0, 'the end of the visit');
    expect(ended).to.deep.equal(['terminated:Rule violation']);
    expect(a.state).to.equal('ended');
    expect(b.endInfo?.reason ?? (await until(b, 'ended', () => b.endInfo, 'b ended')).reason).to.equal('terminated');
    expect(a.localTracks.microphone).to.equal(undefined);
  });

  it('a visitor cannot forge a control message: parties have no data channel, so nothing reaches the others', async () => {
    const visit = uniqueVisit();
    const a = track(clientFor(visit, resident()));
    const errors: Array<{ from: string | undefined; reason: string }> = [];
    a.on('protocol-error', (info) => errors.push(info));
    const warnings: number[] = [];
    a.on('warning', (w) => warnings.push(w.secondsLeft));
    const announcements: string[] = [];
    a.on('announcement', (n) => announcements.push(n.code));
    await a.join();

    // The forger is a real visitor with a real token, talking to LiveKit directly.
    const response = await fetch(tokenUrl(visit, visitor('-forger')), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).to.equal(200);
    const token = (await response.json()) as { server_url: string; participant_token: string };
    const forger = new Room();
    await forger.connect(token.server_url, token.participant_token);
    try {
      await until(a, 'participants', () => a.participants.some((p) => p.identity === 'visitor-forger'), 'the forger');
      for (const message of [
        encodeControlMessage({ type: 'warning', secondsLeft: 60 }),
        encodeControlMessage({ type: 'ending', reason: 'terminated', message: 'fake' }),
      ]) {
        // LiveKit refuses data from a participant without canPublishData (the client may or may not say so).
        await forger.localParticipant.publishData(message, { reliable: true, topic: CONTROL_TOPIC }).catch(() => {});
      }
      // A staff announcement sent after the forgeries: once it is here, they would have arrived too.
      const warned = await fetch(`/api/visitkit/visits/${visit.id}/warn?as=${b64url({ ...monitor, visit })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'conduct' }),
      });
      expect(warned.status).to.equal(200);
      await until(a, 'announcement', () => announcements.length > 0, 'the staff announcement');
    } finally {
      await forger.disconnect();
    }
    expect(errors).to.deep.equal([]);
    expect(warnings).to.deep.equal([]);
    // The forged `ending` must not colour how the visit ends.
    await a.leave();
    expect(a.endInfo?.reason).to.equal('left');
  });

  it('a cut signal connection goes reconnecting and back to live, with the same tracks', async () => {
    const visit = uniqueVisit();
    const a = track(clientFor(visit, resident()));
    const b = track(clientFor(visit, visitor()));
    const opened = sockets.length;
    await a.join();
    // a's signal socket: the one a opened to LiveKit's /rtc endpoint.
    const aSocket = sockets.slice(opened).find((s) => s.readyState === WebSocket.OPEN && s.url.includes('/rtc'));
    expect(aSocket, 'a signal socket').to.not.equal(undefined);
    await b.join();
    await until(a, 'state', () => a.state === 'live', 'a live');
    const camera = a.localTracks.camera;
    const states: string[] = [];
    a.on('state', (state) => states.push(state));
    const before = sockets.length;
    aSocket!.close();
    await until(a, 'state', () => states.includes('reconnecting') && a.state === 'live', 'a back to live');
    expect(states).to.deep.equal(['reconnecting', 'live']);
    expect(sockets.length).to.be.greaterThan(before); // a new signal socket
    expect(a.localTracks.camera).to.equal(camera);
    expect(a.endInfo).to.equal(undefined);
    await remoteWith(a, 'visitor');
  });

  it('a full reconnect (the session cannot be resumed) goes reconnecting → live on one side and stays live on the other', async () => {
    const visit = uniqueVisit();
    const a = track(clientFor(visit, resident()));
    const b = track(clientFor(visit, visitor()));
    const openedSockets = sockets.length;
    const openedConnections = peerConnections.length;
    await a.join();
    const aSocket = sockets.slice(openedSockets).find((s) => s.readyState === WebSocket.OPEN && s.url.includes('/rtc'));
    const aConnections = peerConnections.slice(openedConnections);
    expect(aSocket, 'a signal socket').to.not.equal(undefined);
    expect(aConnections.length, 'a peer connections').to.be.greaterThan(0);
    await b.join();
    await until(a, 'state', () => a.state === 'live', 'a live');
    await until(b, 'state', () => b.state === 'live', 'b live');
    const statesA: string[] = [];
    const statesB: string[] = [];
    a.on('state', (state) => statesA.push(state));
    b.on('state', (state) => statesB.push(state));
    // Closed peer connections cannot be ICE-restarted, so LiveKit's resume fails and it rejoins from scratch:
    // for a moment it lists nobody else, and the server tells b that a left and came back.
    for (const pc of aConnections) pc.close();
    aSocket!.close();
    await until(a, 'state', () => statesA.includes('reconnecting') && a.state === 'live', 'a back to live');
    await remoteWith(a, 'visitor');
    await remoteWith(b, 'resident');
    expect(statesA).to.deep.equal(['reconnecting', 'live']);
    expect(statesB).to.deep.equal([]);
    expect(a.endInfo).to.equal(undefined);
  });

  it('when the other party leaves for good, the lobby shows (after a short grace)', async () => {
    const visit = uniqueVisit();
    const a = track(clientFor(visit, resident()));
    const b = track(clientFor(visit, visitor()));
    await Promise.all([a.join(), b.join()]);
    await until(a, 'state', () => a.state === 'live', 'a live');
    const lobby: string[] = [];
    a.on('lobby', (reason) => lobby.push(reason));
    await b.leave();
    await until(a, 'lobby', () => a.state === 'lobby', 'a back in the lobby');
    expect(lobby).to.deep.equal(['waiting-for-party']);
    expect(a.participants.map((p) => p.identity)).to.deep.equal(['resident']);
  });

  it('waits in the lobby until startsAt on the server clock, then connects', async () => {
    const now = Date.now();
    const visit = uniqueVisit({
      startsAt: new Date(now + 2500).toISOString(),
      lobbyOpensAt: new Date(now - 60_000).toISOString(),
    });
    const a = track(clientFor(visit, resident()));
    const states: string[] = [];
    a.on('state', (state) => states.push(`${state}${state === 'lobby' ? `:${a.lobbyReason}` : ''}`));
    const joined = a.join();
    await until(a, 'state', () => a.state === 'lobby', 'the lobby');
    expect(a.lobbyReason).to.equal('before-start');
    expect(a.untilStartMs).to.be.greaterThan(0);
    expect(a.participants).to.deep.equal([]); // not in the room before the visit starts
    await joined;
    expect(states).to.deep.equal(['connecting', 'lobby:before-start', 'connecting', 'lobby:waiting-for-party']);
    expect(a.participants.map((p) => p.identity)).to.deep.equal(['resident']);
  });

  it('leaves by itself at endsAt with reason time-limit', async () => {
    const visit = uniqueVisit({ endsAt: new Date(Date.now() + 4000).toISOString(), warnings: [] });
    const a = track(clientFor(visit, resident()));
    await a.join();
    const info = a.endInfo ?? (await until(a, 'ended', () => a.endInfo, 'the end of the visit'));
    expect(info.reason).to.equal('time-limit');
    expect(a.state).to.equal('ended');
    // `ended` fires first; the room closes right after (no leave() call needed).
    await waitFor(
      (check) => {
        const timer = setInterval(check, 50);
        return () => clearInterval(timer);
      },
      () => openPeerConnections() === 0,
      'every peer connection closed',
    );
  });

  it('a second session of the same identity ends the first as duplicate-session', async () => {
    const visit = uniqueVisit();
    const first = track(clientFor(visit, visitor()));
    const second = track(clientFor(visit, visitor()));
    await first.join();
    await second.join();
    const info = first.endInfo ?? (await until(first, 'ended', () => first.endInfo, 'the first session to end'));
    expect(info.reason).to.equal('duplicate-session');
    expect(['lobby', 'live']).to.include(second.state);
  });

  it('on a visit that requires a monitor, resident and visitor wait in the lobby until a (hidden) monitor joins', async () => {
    const visit = uniqueVisit({ monitored: true, requireMonitor: true });
    const a = track(clientFor(visit, resident()));
    const b = track(clientFor(visit, visitor()));
    const seen = (client: VisitClient): string[] => {
      const list: string[] = [];
      client.on('state', (state) => state !== 'lobby' && list.push(state));
      client.on('lobby', (reason) => list.push(`lobby:${reason}`));
      return list;
    };
    const statesA = seen(a);
    const statesB = seen(b);
    await a.join();
    expect(a.lobbyReason).to.equal('waiting-for-party');
    await b.join();
    await until(a, 'lobby', () => a.lobbyReason === 'waiting-for-monitor', 'a waiting for the monitor');
    expect(b.state).to.equal('lobby');
    expect(b.lobbyReason).to.equal('waiting-for-monitor');

    const m = track(clientFor(visit, monitor));
    await m.join();
    expect(m.state).to.equal('live'); // a monitor never waits for itself
    await until(a, 'state', () => a.state === 'live', 'a live once the monitor is in');
    await until(b, 'state', () => b.state === 'live', 'b live once the monitor is in');
    expect(statesA).to.deep.equal(['connecting', 'lobby:waiting-for-party', 'lobby:waiting-for-monitor', 'live']);
    expect(statesB).to.deep.equal(['connecting', 'lobby:waiting-for-monitor', 'live']);
    // Still hidden: nobody lists the monitor.
    expect(a.participants.map((p) => p.identity)).to.deep.equal(['resident', 'visitor']);
  });

  it('a token LiveKit refuses fails the join at once as connection-failed, without retrying, and Try again works', async () => {
    const visit = uniqueVisit();
    let tamper = true;
    // A real token response whose LiveKit token is signed with the wrong key: the token endpoint says yes, LiveKit no.
    const client = track(
      new VisitClient({
        visitId: visit.id,
        logger: quietLogger,
        tokenProvider: async () => {
          const response = await fetch(tokenUrl(visit, resident()), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          });
          const body = (await response.json()) as { participant_token: string };
          const [header, claims] = body.participant_token.split('.');
          return tamper ? { ...body, participant_token: `${header}.${claims}.not-the-signature` } : body;
        },
      }),
    );
    const progress: string[] = [];
    client.on('connect-progress', (p) => progress.push(p ? `${p.reason}:${p.attempt}` : 'done'));
    const error = await client.join().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(VisitError);
    expect((error as VisitError).code).to.equal('connection-failed');
    expect((error as VisitError).retryable).to.equal(true);
    expect(client.state).to.equal('failed');
    expect(progress.filter((p) => p.startsWith('retrying'))).to.deep.equal([]);
    tamper = false;
    await client.join();
    expect(client.state).to.equal('lobby');
  });

  it('a monitor joins without publishing and sees the resident', async () => {
    const visit = uniqueVisit({ monitored: true });
    const a = track(clientFor(visit, resident()));
    const m = track(clientFor(visit, monitor));
    await a.join();
    await m.join();
    expect(m.role).to.equal('monitor');
    expect(m.state).to.equal('live');
    expect(m.localTracks.camera).to.equal(undefined);
    expect(m.localTracks.microphone).to.equal(undefined);
    await remoteWith(m, 'resident');
    // The monitor is hidden: the resident never lists them.
    expect(a.participants.map((p) => p.identity)).to.deep.equal(['resident']);
  });
});
