import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { until } from '../test-support/dom.js';
import { browserWakeLock, ScreenWakeLock, type WakeLockApi, type WakeLockSentinelLike } from './wake-lock.js';

/** A wake lock API that records its sentinels; `refuse` makes requests fail like a browser in power saving. */
class FakeWakeLock implements WakeLockApi {
  readonly sentinels: FakeSentinel[] = [];
  refuse = false;

  async request(type: 'screen'): Promise<WakeLockSentinelLike> {
    expect(type).to.equal('screen');
    if (this.refuse) throw new DOMException('refused', 'NotAllowedError');
    const sentinel = new FakeSentinel();
    this.sentinels.push(sentinel);
    return sentinel;
  }

  get active(): number {
    return this.sentinels.filter((s) => !s.released).length;
  }
}

class FakeSentinel extends EventTarget implements WakeLockSentinelLike {
  released = false;
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.dispatchEvent(new Event('release'));
  }
}

class WakeHost extends LitElement {}
customElements.define('vk-test-wake-host', WakeHost);

/** Makes the page look hidden or visible to the code under test, as a tab switch or a locked phone would. */
function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('ScreenWakeLock', () => {
  afterEach(() => {
    // Back to the real property.
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('holds the lock while wanted, asks again when the page is shown after the browser dropped it, and releases', async () => {
    const host = await fixture<WakeHost>(html`<vk-test-wake-host></vk-test-wake-host>`);
    const api = new FakeWakeLock();
    const lock = new ScreenWakeLock(host, () => api);
    lock.hostConnected();
    expect(lock.held).to.equal(false);
    lock.set(true);
    await until(() => lock.held, 'the lock is held');
    expect(api.sentinels).to.have.length(1);

    // The page is hidden: the browser releases the lock by itself.
    setVisibility('hidden');
    await api.sentinels[0]!.release();
    expect(lock.held).to.equal(false);
    setVisibility('visible');
    await until(() => lock.held, 'the lock is requested again');
    expect(api.sentinels).to.have.length(2);
    expect(api.active).to.equal(1);

    lock.set(false);
    await until(() => !lock.held, 'the lock is released');
    expect(api.active).to.equal(0);
    // Shown again after the visit ended: nothing is requested.
    setVisibility('visible');
    await new Promise((r) => setTimeout(r, 50));
    expect(api.sentinels).to.have.length(2);
  });

  it('releases when its element leaves the page, and a refused or missing API breaks nothing', async () => {
    const host = await fixture<WakeHost>(html`<vk-test-wake-host></vk-test-wake-host>`);
    const api = new FakeWakeLock();
    const lock = new ScreenWakeLock(host, () => api);
    lock.hostConnected();
    lock.set(true);
    await until(() => lock.held, 'the lock is held');
    host.remove();
    await until(() => api.active === 0, 'released on disconnect');

    const refusing = new FakeWakeLock();
    refusing.refuse = true;
    const unhandled: unknown[] = [];
    const onUnhandled = (e: PromiseRejectionEvent) => {
      unhandled.push(e.reason);
      e.preventDefault();
    };
    window.addEventListener('unhandledrejection', onUnhandled);
    const host2 = await fixture<WakeHost>(html`<vk-test-wake-host></vk-test-wake-host>`);
    const refused = new ScreenWakeLock(host2, () => refusing);
    refused.hostConnected();
    refused.set(true);
    await new Promise((r) => setTimeout(r, 50));
    window.removeEventListener('unhandledrejection', onUnhandled);
    expect(refused.held).to.equal(false);
    expect(refused.supported).to.equal(true);
    expect(unhandled, 'a refusal is not an error anyone has to handle').to.deep.equal([]);

    const absent = new ScreenWakeLock(host2, () => undefined);
    absent.hostConnected();
    absent.set(true);
    expect(absent.supported).to.equal(false);
    expect(absent.held).to.equal(false);
  });

  it('uses the real Screen Wake Lock API of this Chromium', async () => {
    const api = browserWakeLock();
    expect(api, 'headless Chromium offers navigator.wakeLock on a secure origin').to.not.equal(undefined);
    const host = await fixture<WakeHost>(html`<vk-test-wake-host></vk-test-wake-host>`);
    const lock = new ScreenWakeLock(host, () => api);
    lock.hostConnected();
    lock.set(true);
    await until(() => lock.held, 'the real lock is granted');
    lock.set(false);
    await until(() => !lock.held, 'the real lock is released');
  });
});
