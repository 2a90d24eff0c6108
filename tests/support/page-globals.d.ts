// What the test and benchmark pages put on `window` for playwright's page.evaluate() callbacks to drive and read.
// Each page defines its own set (raw-page-stack.mjs, smoke-page.mjs, bench/*/pages/*.mjs, init scripts in the
// e2e tests); a callback runs in the page, where TypeScript cannot see which page it is, so the hook objects are
// typed loosely here and precisely in the page that defines them.

/* eslint-disable @typescript-eslint/no-explicit-any -- see above: the defining page holds the precise type */
type PageHooks = Record<string, any>;

interface Window {
  /** A raw livekit-client party (tests/support/raw-page-stack.mjs and the e2e tests' own party pages). */
  vk: PageHooks;
  /** A benchmark page (bench/*\/pages/*.mjs). */
  bench: PageHooks;
  /** The smoke page (tests/support/smoke-page/smoke-page.mjs). */
  smoke: PageHooks;
  /** Warnings and states a widget page reported (portal-social-visit). */
  __vk: { warnings: number[]; states: string[]; liveAt: number | undefined };
  /** `vk-state-change` states a widget page reported (portal-network). */
  __states: string[];
  /** How often the adult gate opened (portal-child-mode). */
  __unlocks: number;
  /** axe-core, injected into a portal page for the accessibility check (portal-child-mode). */
  axe: PageHooks;
  /** Screen wake locks the page requested (portal-child-mode). */
  __wakeLocks: WakeLockSentinel[];
  /** Every RTCPeerConnection the page made (tests/support/webrtc-stats.mjs, portal-e2ee). */
  __peerConnections: RTCPeerConnection[];
  /** Reads what the page receives over WebRTC (tests/support/webrtc-stats.mjs `installStatsProbe`). */
  __readReceived: () => Promise<PageHooks>;
  /** `performance.now()` just before Join was pressed (bench/network). */
  __joinMark: number;
  /** Workers the page created (portal-e2ee). */
  __workersCreated: PageHooks[];
  /** The eavesdropper page holding a token minted with the API key (portal-e2ee). */
  eavesdropper: PageHooks;
  /** The accessible-name helper tests/support/a11y.mjs defines in the page. */
  __vkName: (element: Element) => string;
}

interface RTCRtpSender {
  /** Chromium's legacy insertable streams (what portal-e2ee removes to simulate a browser without E2EE). */
  createEncodedStreams?: () => unknown;
}
