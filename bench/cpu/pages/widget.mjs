// The real drop-in widget: `<vk-visit>` from @visitkit/elements' built dist (what the CDN bundle contains),
// 960 px wide. The runner clicks through its prejoin like a person; `waitForRemoteFrame` resolves once the
// remote video the widget rendered has shown a frame.
import '@visitkit/elements';
import { playing, whenFirstFrame } from './video-stats.mjs';

let widget;
const remoteOf = () => widget?.client?.participants?.find((p) => !p.isLocal && p.videoTrack);
const localOf = () => widget?.client?.participants?.find((p) => p.isLocal);

window.bench = {
  mount(tokenUrl, visitId) {
    widget = document.createElement('vk-visit');
    widget.setAttribute('token-url', tokenUrl);
    widget.setAttribute('visit-id', visitId);
    widget.style.cssText = 'display:block;width:960px';
    document.body.append(widget);
    return true;
  },
  async waitForRemoteFrame() {
    while (!remoteOf()?.videoTrack?.attachedElements?.length) await new Promise((r) => setTimeout(r, 50));
    await whenFirstFrame(remoteOf().videoTrack.attachedElements[0]);
    return true;
  },
  videos: () => ({
    remote: remoteOf()?.videoTrack?.attachedElements?.[0],
    selfViews: playing(localOf()?.videoTrack?.attachedElements),
    selfAttached: localOf()?.videoTrack?.attachedElements?.length ?? 0,
  }),
  async leave() {
    await widget?.client?.leave();
  },
};
