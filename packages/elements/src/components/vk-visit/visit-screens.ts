import { html, nothing, type TemplateResult } from 'lit';
import type { VisitState } from '@visitkit/core';
import type { Lang, MessageKey, MessageParams } from '../../i18n/catalog.js';
import { formatClock, formatTime } from '../../i18n/translate.js';
import { connectProgressLine } from '../../internal/connect-progress.js';
import { errorScreen } from '../../internal/error-screen.js';
import type { VisitClientLike } from '../../visit-client-like.js';

/** The screen the widget shows. */
export type VisitScreen = 'config' | 'prejoin' | 'connecting' | 'lobby' | 'live' | 'ended' | 'failed';

/** The screen for a lifecycle state (reconnecting keeps the live screen under an overlay). */
export function screenFor(state: VisitState): Exclude<VisitScreen, 'config'> {
  switch (state) {
    case 'idle':
    case 'prejoin':
      return 'prejoin';
    case 'connecting':
      return 'connecting';
    case 'lobby':
      return 'lobby';
    case 'live':
    case 'reconnecting':
      return 'live';
    case 'ended':
      return 'ended';
    case 'failed':
      return 'failed';
    default: {
      const unreachable: never = state;
      throw new Error(`unknown state ${String(unreachable)}`);
    }
  }
}

/** What the screens of `<vk-visit>` need from the widget. */
export interface ScreenContext {
  // Function properties, not methods: the views destructure them and pass them on, detached from this object.
  t: (key: MessageKey, params?: MessageParams) => string;
  locale: Lang;
  client: VisitClientLike | undefined;
  kiosk: boolean;
  /** Whether "Start over" can make a fresh client (the widget owns its client). */
  canReset: boolean;
  reset: () => void;
}

/**
 * Joining: a spinner and an announced heading; on a long wait (a slow attempt, the connection dropping while
 * joining, a retry) a line says it is still trying and which attempt runs, announced by the same status region.
 */
export function connectingView(view: ScreenContext): TemplateResult {
  return html`<div class="centered" role="status">
    <div class="spinner" aria-hidden="true"></div>
    <h2 tabindex="-1" data-autofocus>${view.t('connecting.heading')}</h2>
    ${connectProgressLine(view.t, view.client?.connectProgress)}
  </div>`;
}

/** The waiting room: countdown to the start on the server clock, or who is missing. */
export function lobbyView(view: ScreenContext): TemplateResult {
  return html`
    ${lobbyStatus(view)}
    <vk-notice part="notice"></vk-notice>
    <vk-e2ee-badge part="e2ee"></vk-e2ee-badge>
    <vk-stage part="stage"></vk-stage>
    <vk-controls part="controls" ?kiosk=${view.kiosk}></vk-controls>
  `;
}

/** The waiting room's heading and status: when the visit starts, or who is missing. */
export function lobbyStatus(view: ScreenContext): TemplateResult {
  const { client, t, locale } = view;
  const reason = client?.lobbyReason;
  const startsAt = client?.visit ? new Date(client.visit.startsAt) : undefined;
  return html`
    <section class="centered" aria-labelledby="lobby-heading">
      <h2 id="lobby-heading" tabindex="-1" data-autofocus>${t('lobby.heading')}</h2>
      <p role="status">
        ${
          reason === 'before-start' && startsAt
            ? t('lobby.beforeStart', { time: formatTime(locale, startsAt) })
            : reason === 'waiting-for-monitor'
              ? t('lobby.waitingForMonitor')
              : t('lobby.waitingForParty')
        }
      </p>
      ${
        reason === 'before-start' && client?.untilStartMs !== undefined
          ? html`<p class="countdown" role="timer">
            ${t('lobby.startsIn', { countdown: formatClock(locale, client.untilStartMs) })}
          </p>`
          : nothing
      }
    </section>
  `;
}

/** The call; while reconnecting, an announced overlay covers the videos. */
export function liveView(view: ScreenContext): TemplateResult {
  const { t } = view;
  return html`
    <h2 class="visually-hidden" tabindex="-1" data-autofocus>${t('app.label')}</h2>
    <vk-notice part="notice"></vk-notice>
    <vk-e2ee-badge part="e2ee"></vk-e2ee-badge>
    <div class="stage-area">
      <vk-stage part="stage"></vk-stage>
      ${reconnectingOverlay(view)}
    </div>
    <vk-controls part="controls" ?kiosk=${view.kiosk}></vk-controls>
  `;
}

/** The announced overlay over the videos while the connection is being restored. */
export function reconnectingOverlay(view: ScreenContext): TemplateResult {
  const { client, t } = view;
  return html`<div role="alert" ?data-empty=${client?.state !== 'reconnecting'}>
    ${
      client?.state === 'reconnecting'
        ? html`<div class="overlay" part="overlay">
          <div class="spinner" aria-hidden="true" style="justify-self: center"></div>
          <strong>${t('reconnecting.heading')}</strong>
          <span>${t('reconnecting.body')}</span>
        </div>`
        : nothing
    }
  </div>`;
}

/** The end screen, with "Start over" when the widget can make a new client; a friendly goodbye in child mode. */
export function endedView(view: ScreenContext, childMode = false): TemplateResult {
  const { t } = view;
  return html`
    <vk-end-screen part="end-screen" ?child-mode=${childMode}><slot name="end"></slot></vk-end-screen>
    ${view.kiosk ? html`<p class="muted">${t('end.returning')}</p>` : nothing}
    ${
      view.canReset
        ? html`<div class="row">
          <button part="button" @click=${view.reset}>${t('action.startOver')}</button>
        </div>`
        : nothing
    }
  `;
}

/** An error screen that says what happened and offers a way forward. */
export function errorView(view: ScreenContext, code: Parameters<typeof errorScreen>[0]): TemplateResult {
  const { client, t } = view;
  const screen = errorScreen(code);
  return html`
    <section class="centered" part="error" aria-labelledby="error-heading">
      <h2 id="error-heading" tabindex="-1" data-autofocus>${t(screen.heading)}</h2>
      <p>${t(screen.body)}</p>
      ${screen.help ? html`<p class="help">${t(screen.help)}</p>` : nothing}
      <div class="row">
        ${
          screen.retry && client
            ? html`<button
              class="primary"
              part="button"
              @click=${() => void client.startPreview().catch(() => undefined)}
            >
              ${t('action.tryAgain')}
            </button>`
            : nothing
        }
        ${
          code !== 'config' && view.canReset
            ? html`<button part="button" @click=${view.reset}>${t('action.startOver')}</button>`
            : nothing
        }
      </div>
    </section>
  `;
}
