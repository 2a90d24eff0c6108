import type { EndReason, VisitError, VisitState } from '@visitkit/core';

/** Detail of `vk-state-change`. */
export interface VkStateChangeDetail {
  state: VisitState;
  previous: VisitState;
}

/** Detail of `vk-ended`: why, and how long. */
export interface VkEndedDetail {
  reason: EndReason;
  /** Staff reason or server message (untrusted text). */
  message: string | undefined;
  /** Milliseconds the local participant was live. */
  liveDurationMs: number;
  /** Milliseconds from pressing Join to the end (includes the lobby). */
  sessionDurationMs: number;
}

/** Detail of `vk-error`. */
export interface VkErrorDetail {
  error: VisitError;
}

/** Detail of `vk-consent`: sent when the user agrees to the rules shown in the `consent` slot. */
export interface VkConsentDetail {
  acceptedAt: string;
  /** SHA-256 (hex) of the rules text the user saw. */
  textSha256: string | undefined;
}

/** Detail of `vk-feedback` from the end screen. */
export interface VkFeedbackDetail {
  /** 1 (bad) to 5 (excellent), when given. */
  rating: number | undefined;
  /** "Report a problem" text, when given (untrusted text). */
  problem: string | undefined;
  reason: EndReason | undefined;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vk-state-change': CustomEvent<VkStateChangeDetail>;
    'vk-ended': CustomEvent<VkEndedDetail>;
    'vk-error': CustomEvent<VkErrorDetail>;
    'vk-consent': CustomEvent<VkConsentDetail>;
    'vk-feedback': CustomEvent<VkFeedbackDetail>;
    'vk-reset': CustomEvent<Record<string, never>>;
  }
}
