// VisitClient paths that a healthy test browser never takes by itself, against the REAL LiveKit server:
// remote audio refused by the autoplay policy, and LiveKit giving up on a connection.
import { expect } from '@open-wc/testing';
import { DefaultReconnectPolicy } from 'livekit-client';
import { http, HttpResponse, passthrough } from 'msw';
import { setupWorker } from 'msw/browser';
import type { Visit } from './protocol/visit.js';
import { type VisitClient } from './visit-client.js';
import { b64url } from './test-support/fixtures.js';
import {
  clientFor,
  remoteWith,
  signalSockets as sockets,
  tokenPath,
  uniqueVisit as openUniqueVisit,
  until,
  type Caller,
} from './test-support/real-livekit.js';

const uniqueVisit = (): Visit => openUniqueVisit('core-rec');

const resident: Caller = { identity: 'resident', name: 'Rosa Resident', role: 'resident' };
const visitor: Caller = { identity: 'visitor', name: 'Victor Visitor', role: 'visitor' };

describe('VisitClient recovery paths with a real LiveKit server', function () {
  this.timeout(60_000);
  const clients: VisitClient[] = [];
  const track = (client: VisitClient): VisitClient => {
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.leave()));
    document.querySelectorAll('audio, video').forEach((element) => element.remove());
  });

  describe('remote audio blocked by the autoplay policy', () => {
    // The test browser allows autoplay (--autoplay-policy=no-user-gesture-required), so this page refuses
    // play() of media with sound the way Chrome's policy does without a user gesture: a NotAllowedError.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be restored onto the prototype
    const nativePlay = HTMLMediaElement.prototype.play;
    let autoplayAllowed = false;
    before(() => {
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement): Promise<void> {
        const stream = this.srcObject;
        const hasSound = stream instanceof MediaStream && stream.getAudioTracks().length > 0;
        if (hasSound && !autoplayAllowed) {
          return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
        }
        return nativePlay.call(this);
      };
    });
    after(() => {
      HTMLMediaElement.prototype.play = nativePlay;
    });

    it('reports audio-playback false when remote audio cannot play, and startAudio() unlocks it', async () => {
      autoplayAllowed = false;
      const visit = uniqueVisit();
      const a = track(clientFor(visit, resident));
      const b = track(clientFor(visit, visitor));
      const playback: boolean[] = [];
      a.on('audio-playback', (allowed) => playback.push(allowed));
      await Promise.all([a.join(), b.join()]);
      expect(a.audioPlaybackAllowed).to.equal(true);

      // What a UI does with a remote participant's microphone: attach it to an <audio> element.
      const voice = await remoteWith(a, 'visitor', 'audioTrack');
      const audio = document.createElement('audio');
      document.body.append(audio);
      voice.audioTrack!.attach(audio);
      await until(a, 'audio-playback', () => playback.length > 0, 'audio-playback false');
      expect(playback).to.deep.equal([false]);
      expect(a.audioPlaybackAllowed).to.equal(false);
      expect(audio.paused).to.equal(true);

      // The person taps "Enable sound": the page's click handler calls startAudio().
      autoplayAllowed = true;
      await a.startAudio();
      expect(playback).to.deep.equal([false, true]);
      expect(a.audioPlaybackAllowed).to.equal(true);
      expect(audio.paused).to.equal(false);
    });
  });

  describe('LiveKit gives up reconnecting', () => {
    const worker = setupWorker();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- saved to be restored onto the prototype
    const nativeNextRetryDelay = DefaultReconnectPolicy.prototype.nextRetryDelayInMs;
    before(async () => {
      await worker.start({
        serviceWorker: { url: '/mockServiceWorker.js' },
        onUnhandledFrame: 'bypass',
        quiet: true,
      });
    });
    afterEach(() => {
      DefaultReconnectPolicy.prototype.nextRetryDelayInMs = nativeNextRetryDelay;
      worker.resetHandlers();
    });
    after(() => worker.stop());

    /**
     * Joins a and b, then makes LiveKit give up on a's connection: its reconnect policy says "no more
     * retries" (LiveKit's own answer after ~45 s of failed attempts, or when a token expired while
     * reconnecting) and a's signal socket is cut. Returns the states a went through afterwards.
     */
    async function liveThenGiveUp(a: VisitClient, b: VisitClient, beforeGivingUp = (): void => {}): Promise<string[]> {
      const opened = sockets.length;
      await a.join();
      const aSocket = sockets.slice(opened).find((s) => s.readyState === WebSocket.OPEN && s.url.includes('/rtc'));
      expect(aSocket, 'a signal socket').to.not.equal(undefined);
      await b.join();
      await until(a, 'state', () => a.state === 'live', 'a live');
      const states: string[] = [];
      a.on('state', (state) => states.push(state));
      beforeGivingUp();
      DefaultReconnectPolicy.prototype.nextRetryDelayInMs = () => null;
      aSocket!.close();
      await until(a, 'state', () => states.includes('reconnecting'), 'a reconnecting');
      // The fresh session may reconnect normally again.
      DefaultReconnectPolicy.prototype.nextRetryDelayInMs = nativeNextRetryDelay;
      return states;
    }

    it('fetches a fresh token, connects again and goes back to live', async () => {
      const visit = uniqueVisit();
      const a = track(clientFor(visit, resident));
      const b = track(clientFor(visit, visitor));
      let tokenRequests = 0;
      worker.use(
        http.post(`*${tokenPath(visit)}`, ({ request }) => {
          if (new URL(request.url).searchParams.get('as') === b64url({ ...resident, visit })) tokenRequests += 1;
          return passthrough();
        }),
      );
      let requestsBefore = 0;
      const states = await liveThenGiveUp(a, b, () => {
        requestsBefore = tokenRequests;
      });
      await until(a, 'state', () => a.state === 'live', 'a live again');
      expect(states).to.deep.equal(['reconnecting', 'live']);
      expect(tokenRequests).to.equal(requestsBefore + 1);
      expect(a.endInfo).to.equal(undefined);
      // LiveKit stopped the old tracks when it gave up; fresh ones are published and seen by b.
      expect(a.localTracks.camera?.mediaStreamTrack.readyState).to.equal('live');
      const seenByB = await remoteWith(b, 'resident', 'videoTrack');
      expect(seenByB.videoTrack?.mediaStreamTrack.readyState).to.equal('live');
    });

    it('ends with reason network when the token endpoint is unreachable for the fresh token', async () => {
      const visit = uniqueVisit();
      const a = track(clientFor(visit, resident));
      const b = track(clientFor(visit, visitor));
      const ended: string[] = [];
      a.on('ended', (info) => ended.push(info.reason));
      const states = await liveThenGiveUp(a, b, () => {
        // From now on the token endpoint cannot be reached (every retry is a network error).
        worker.use(http.post(`*${tokenPath(visit)}`, () => HttpResponse.error()));
      });
      await until(a, 'ended', () => ended.length > 0, 'a ended');
      expect(states).to.deep.equal(['reconnecting', 'ended']);
      expect(ended).to.deep.equal(['network']);
      expect(a.localTracks.camera).to.equal(undefined);
    });
  });
});
