/**
 * `@visitkit/elements`: the drop-in `<vk-visit>` widget, its parts, and `<vk-monitor>` for staff.
 * Importing this module registers every element.
 *
 * @example
 * import '@visitkit/elements';
 * // <vk-visit token-url="/api/visitkit/visits/v-42/token" visit-id="v-42"></vk-visit>
 */
export { VkVisit } from './components/vk-visit/vk-visit.js';
export { VkPrejoin } from './components/vk-prejoin/vk-prejoin.js';
export { VkStage } from './components/vk-stage/vk-stage.js';
export { VkTile } from './components/vk-tile/vk-tile.js';
export { VkControls } from './components/vk-controls/vk-controls.js';
export { VkTimer } from './components/vk-timer/vk-timer.js';
export { VkNotice } from './components/vk-notice/vk-notice.js';
export { VkE2eeBadge } from './components/vk-e2ee-badge/vk-e2ee-badge.js';
export { e2eeBadgeStatus } from './components/vk-e2ee-badge/vk-e2ee-badge.component.js';
export type { E2eeBadgeStatus } from './components/vk-e2ee-badge/vk-e2ee-badge.component.js';
export { VkEndScreen } from './components/vk-end-screen/vk-end-screen.js';
export { VkDeviceSelect } from './components/vk-device-select/vk-device-select.js';
export { VkMonitor } from './components/vk-monitor/vk-monitor.js';
export { VkAdultGate } from './components/vk-adult-gate/vk-adult-gate.js';
export { VkVisitTimeline } from './components/vk-visit-timeline/vk-visit-timeline.js';
export type { AdultUnlockMethod, VkAdultUnlockDetail } from './components/vk-adult-gate/vk-adult-gate.component.js';
export type { WakeLockApi, WakeLockSentinelLike } from './internal/wake-lock.js';
export type { VisitScreen } from './components/vk-visit/visit-screens.js';
export type { StaffActions } from './components/vk-monitor/vk-monitor.component.js';
export { visitClientContext, visitUiContext } from './context.js';
export type { VisitUi } from './context.js';
export type { VisitClientLike, VisitClientInit, VisitClientFactory, DeviceKind } from './visit-client-like.js';
export { LANGS, RTL_LANGS, isRtl, toLang } from './i18n/catalog.js';
export type { BuiltInLang, Lang, MessageKey, Catalog } from './i18n/catalog.js';
export {
  translate,
  overrideMessages,
  registerLanguage,
  formatClock,
  formatDuration,
  formatTime,
} from './i18n/translate.js';
export type { RegisterLanguageOptions } from './i18n/translate.js';
export type {
  VkStateChangeDetail,
  VkEndedDetail,
  VkErrorDetail,
  VkConsentDetail,
  VkFeedbackDetail,
} from './internal/events.js';
