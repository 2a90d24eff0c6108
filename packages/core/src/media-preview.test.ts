import { expect } from '@open-wc/testing';
import { mediaError } from './media-preview.js';
import { VisitClient } from './visit-client.js';
import { VisitError } from './visit-error.js';
import { openVisit, quietLogger, tokenResponse } from './test-support/fixtures.js';

describe('camera and microphone preview', () => {
  it('maps getUserMedia failures to typed, retryable errors', () => {
    const cases = [
      ['NotAllowedError', 'permission-denied'],
      ['NotFoundError', 'device-not-found'],
      ['OverconstrainedError', 'device-not-found'],
      ['NotReadableError', 'device-in-use'],
      ['TypeError', 'device-failed'],
    ] as const;
    for (const [name, code] of cases) {
      const error = mediaError(new DOMException('x', name), 'camera');
      expect(error.code, name).to.equal(code);
      expect(error.retryable, name).to.equal(true);
    }
  });

  it('previews camera and microphone once and keeps the same tracks until stopped', async () => {
    const client = new VisitClient({ visitId: 'v1', tokenUrl: '/unused-token-url', logger: quietLogger });
    await client.startPreview();
    const { camera, microphone } = client.localTracks;
    expect(camera?.mediaStreamTrack.readyState).to.equal('live');
    expect(microphone?.mediaStreamTrack.readyState).to.equal('live');
    await client.startPreview(); // again: nothing new is acquired
    expect(client.localTracks.camera).to.equal(camera);
    expect(client.devices.some((d) => d.kind === 'videoinput')).to.equal(true);
    await client.stopPreview();
    expect(client.state).to.equal('idle');
    expect(camera?.mediaStreamTrack.readyState).to.equal('ended');
    expect(microphone?.mediaStreamTrack.readyState).to.equal('ended');
    await client.leave();
  });

  it('a Join pressed while the preview is still starting reuses the same camera, not a second one', async () => {
    // A token that validates; its LiveKit URL is closed, so Join fails after the media step.
    const client = new VisitClient({
      visitId: 'v1',
      tokenProvider: async () => tokenResponse(openVisit('v1')),
      logger: quietLogger,
      connectBudgetMs: 0,
    });
    let gotUserMedia = 0;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) => {
      gotUserMedia += 1;
      return original(constraints);
    };
    try {
      const preview = client.startPreview();
      const joining = client.join().catch((error: unknown) => error);
      await preview;
      await joining;
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
    expect(gotUserMedia).to.equal(1);
    await client.leave();
  });

  it('connectBudgetMs must be a number of milliseconds ≥ 0', () => {
    for (const connectBudgetMs of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(
        () => new VisitClient({ visitId: 'v1', tokenUrl: '/t', connectBudgetMs }),
        String(connectBudgetMs),
      ).to.throw(RangeError);
  });

  it('goes audio-only when the chosen camera does not exist', async () => {
    const client = new VisitClient({
      visitId: 'v1',
      tokenUrl: '/unused-token-url',
      devices: { videoinput: 'no-such-camera' },
      logger: quietLogger,
    });
    await client.startPreview();
    expect(client.state).to.equal('prejoin');
    expect(client.localTracks.camera).to.equal(undefined);
    expect(client.localTracks.microphone?.mediaStreamTrack.readyState).to.equal('live');
    expect(client.cameraEnabled).to.equal(false);
    await client.leave();
    expect(client.localTracks.microphone).to.equal(undefined);
  });

  it('fails with device-not-found when there is no usable microphone, and can be retried', async () => {
    const client = new VisitClient({
      visitId: 'v1',
      tokenUrl: '/unused-token-url',
      devices: { audioinput: 'no-such-microphone' },
      logger: quietLogger,
    });
    let error: unknown;
    try {
      await client.startPreview();
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(VisitError);
    expect((error as VisitError).code).to.equal('device-not-found');
    expect((error as VisitError).retryable).to.equal(true);
    expect(client.state).to.equal('failed');
    expect(client.lastError?.code).to.equal('device-not-found');
    // The person picks another microphone and tries again.
    await client.switchDevice('audioinput', 'default');
    await client.startPreview();
    expect(client.state).to.equal('prejoin');
    expect(client.localTracks.microphone?.mediaStreamTrack.readyState).to.equal('live');
    await client.leave();
  });
});
