import { html, nothing, type TemplateResult } from 'lit';
import { formatDuration } from '../../i18n/translate.js';
import { reconnectingOverlay, type ScreenContext } from './visit-screens.js';

/** What the child-mode screen needs from `<vk-visit>`. */
export interface ChildContext {
  adultOpen: boolean;
  /** Seconds left of the warning to show large, if any. */
  warningSeconds: number | undefined;
  hideSelfView: boolean;
  /** Seconds the adult controls stay open without use. */
  adultTimeout: number;
  /** Whether the widget is full screen; `undefined` where the page cannot go full screen. */
  fullscreen: boolean | undefined;
  // Function properties, not methods: the views pass them on as event listeners, detached from this object.
  openAdult: () => void;
  closeAdult: () => void;
  toggleSelfView: () => void;
  toggleFullscreen: () => void;
}

/** An hourglass: the large time warning is understood at a glance from across the room. */
const hourglass = html`<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2"
  stroke-linecap="round" stroke-linejoin="round"><path d="M6 2h12M6 22h12M7 2v4l5 6-5 6v4M17 2v4l-5 6 5 6v4"></path></svg>`;

/**
 * The waiting room and the call in child mode: the other party fills the screen, no buttons a child can use to
 * leave, mute or change devices — those sit behind the adult gate in the corner and close again when unused.
 * `status` is the waiting room's status text, shown above the video.
 */
export function childView(view: ScreenContext, child: ChildContext, status?: TemplateResult): TemplateResult {
  const { t, locale } = view;
  const warning = child.warningSeconds;
  return html`
    <h2 class="visually-hidden" tabindex="-1" data-autofocus>${t('app.label')}</h2>
    ${status ?? nothing}
    <vk-notice part="notice"></vk-notice>
    <div class="stage-area child-area" part="child-area">
      <vk-stage part="stage" child-mode ?hide-self-view=${child.hideSelfView}></vk-stage>
      <div class="child-warning" part="child-warning" role="alert" ?data-empty=${warning === undefined}>
        ${
          warning === undefined
            ? nothing
            : html`${hourglass}<span>${t('child.warning', { duration: formatDuration(locale, warning * 1000) })}</span>`
        }
      </div>
      ${reconnectingOverlay(view)}
      ${
        child.adultOpen
          ? nothing
          : html`<vk-adult-gate class="gate" part="adult-gate" @vk-adult-unlock=${child.openAdult}></vk-adult-gate>`
      }
      ${child.adultOpen ? adultControls(view, child) : nothing}
    </div>
  `;
}

function adultControls(view: ScreenContext, child: ChildContext): TemplateResult {
  const { t } = view;
  return html`<section class="adult" part="adult-controls" aria-labelledby="adult-heading" data-adult-controls>
    <div class="adult-head">
      <h2 id="adult-heading" tabindex="-1" data-adult-focus>${t('child.adult.heading')}</h2>
      <vk-timer part="timer"></vk-timer>
    </div>
    <p class="muted">${t('child.adult.autoHide', { seconds: child.adultTimeout })}</p>
    <vk-controls part="controls" ?kiosk=${view.kiosk}></vk-controls>
    <div class="row adult-row">
      <button part="button" aria-pressed=${child.hideSelfView ? 'true' : 'false'} @click=${child.toggleSelfView}>
        ${t('child.adult.hideSelf')}
      </button>
      ${
        child.fullscreen === undefined
          ? nothing
          : html`<button part="button" @click=${child.toggleFullscreen}>
            ${t(child.fullscreen ? 'child.adult.exitFullscreen' : 'child.adult.fullscreen')}
          </button>`
      }
      <button part="button" class="primary" @click=${child.closeAdult}>${t('child.adult.hide')}</button>
    </div>
  </section>`;
}
