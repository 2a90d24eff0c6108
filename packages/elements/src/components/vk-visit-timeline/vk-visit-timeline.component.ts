import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { VisitError } from '@visitkit/core';
import { LedgerSchema, type Ledger } from '@visitkit/core/protocol';
import { formatDuration } from '../../i18n/translate.js';
import { tokens } from '../../internal/shared-styles.js';
import { checkHttpUrl, checkLang } from '../../internal/validate.js';
import { VkBase } from '../../internal/vk-element.js';
import { placement, timelineModel, type Span, type TimelineMark, type TimelineModel } from './timeline-model.js';
import { endText, markText, REASON_KEYS, ROLE_KEYS, timelineRows, type Row, type Translate } from './timeline-text.js';
import { timelineStyles } from './vk-visit-timeline.styles.js';

const MARK_GLYPHS: Record<TimelineMark['kind'], string> = { warning: '!', reminder: '!', staff: '*', end: '■' };

/** Whether `zone` is an IANA time zone this browser knows. */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * @summary One visit's ledger drawn as a timeline: who was connected when, what was billed and what was not
 * (and why), warnings, staff actions and how the visit ended — with a table alternative for screen readers.
 *
 * Give it a ledger (`GET /visits/:visitId/ledger` of the server adapter, or one the portal narrowed for a
 * family) as the `ledger` property, or a `src` URL to fetch it from (same-origin cookies are sent). Either
 * way the ledger is validated; an invalid one shows a message and fires `vk-error`. The billed total shown is
 * the ledger's `billableSeconds`. Names and staff texts are untrusted and render as text.
 *
 * @event vk-error - The ledger is invalid, could not be loaded, or an attribute is invalid. Detail: `{ error }`.
 *
 * @csspart summary - Billed and not billed totals and the end cause.
 * @csspart chart - The drawn timeline (hidden from screen readers, who get the table).
 * @csspart lane - A row of the timeline (a participant, billed, not billed, or events).
 * @csspart interval - A participant's connected stretch.
 * @csspart billed - A billed stretch.
 * @csspart unbilled - A stretch not billed.
 * @csspart mark - A warning, staff action or end marker.
 * @csspart axis - The first and last times under the timeline.
 * @csspart legend - What the colours and marks mean.
 * @csspart toggle - The "Show as a table" / "Show as a timeline" button.
 * @csspart table - The table of everything that happened, in time order.
 *
 * @cssproperty --vk-timeline-connected-color - Connected stretches.
 * @cssproperty --vk-timeline-billed-color - Billed stretches.
 * @cssproperty --vk-timeline-unbilled-color - Stretches not billed (hatched).
 * @cssproperty --vk-timeline-lane-size - Height of a lane.
 *
 * @example
 * <vk-visit-timeline src="/api/visitkit/visits/v-42/ledger" time-zone="America/Chicago"></vk-visit-timeline>
 */
export class VkVisitTimeline extends VkBase {
  static override styles = [tokens, timelineStyles];

  /** The ledger to draw (validated; an invalid one is reported and not drawn). */
  @property({ attribute: false }) ledger: Ledger | undefined;

  /** Where to fetch the ledger (JSON) from; fetched again when it changes. */
  @property() src = '';

  /** IANA time zone for the times shown (the facility's, e.g. `America/Chicago`); empty: the browser's. */
  @property({ attribute: 'time-zone' }) timeZone = '';

  /** `light`, `dark`, or empty to follow the system. */
  @property({ reflect: true }) theme: '' | 'light' | 'dark' = '';

  @state() private shown: Ledger | undefined;
  @state() private problem: 'invalid' | 'load-failed' | undefined;
  @state() private loading = false;
  @state() private asTable = false;

  #abort: AbortController | undefined;
  readonly #translate: Translate = (key, params) => this.t(key, params);
  #reported = new Set<string>();

  /** Fetches `src` again (e.g. after a staff action). Resolves when the new ledger is shown or refused. */
  async reload(): Promise<void> {
    this.#abort?.abort();
    if (!this.src || checkHttpUrl(this.src, 'src', 'vk-visit-timeline')) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    try {
      const response = await fetch(this.src, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
        signal: abort.signal,
      });
      if (!response.ok)
        throw new VisitError('invalid-response', `<vk-visit-timeline> ${this.src} answered ${response.status}.`, {
          status: response.status,
        });
      this.#accept(await response.json());
    } catch (error) {
      if (abort.signal.aborted) return;
      this.shown = undefined;
      this.problem = 'load-failed';
      this.#report(
        error instanceof VisitError
          ? error
          : new VisitError('server-unreachable', `<vk-visit-timeline> could not load ${this.src}.`, { cause: error }),
      );
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.src && !this.shown && this.hasUpdated) void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
    this.loading = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('ledger') && this.ledger !== undefined) this.#accept(this.ledger);
    if (changed.has('src') && this.src) {
      const problem = checkHttpUrl(this.src, 'src', 'vk-visit-timeline');
      if (problem) this.#report(problem);
      else void this.reload();
    }
    if (changed.has('timeZone') && this.timeZone && !knownTimeZone(this.timeZone)) {
      this.#report(
        new VisitError(
          'bad-request',
          `<vk-visit-timeline> time-zone "${this.timeZone}" is not known; using the browser's.`,
        ),
      );
    }
    if (changed.has('lang')) this.#report(checkLang(this.lang, 'vk-visit-timeline'));
  }

  #accept(value: unknown): void {
    const result = LedgerSchema.safeParse(value);
    if (result.success) {
      this.shown = result.data;
      this.problem = undefined;
      return;
    }
    this.shown = undefined;
    this.problem = 'invalid';
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    this.#report(
      new VisitError(
        'bad-request',
        `<vk-visit-timeline> ledger is invalid. ${where}${issue?.message ?? 'invalid value'}`,
      ),
    );
  }

  #report(problem: VisitError | undefined): void {
    if (!problem || this.#reported.has(problem.message)) return;
    this.#reported.add(problem.message);
    console.error(`[visitkit] ${problem.message}`);
    this.emit('vk-error', { error: problem });
  }

  get #time(): Intl.DateTimeFormat {
    const timeZone = this.timeZone && knownTimeZone(this.timeZone) ? this.timeZone : undefined;
    return new Intl.DateTimeFormat(this.locale, { timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
  }

  override render() {
    if (this.problem) {
      return html`<p class="status" role="alert">${this.t(this.problem === 'invalid' ? 'timeline.invalid' : 'timeline.loadFailed')}</p>`;
    }
    if (!this.shown)
      return html`<p class="status" role="status">${this.loading ? this.t('timeline.loading') : nothing}</p>`;
    const ledger = this.shown;
    const model = timelineModel(ledger, Date.now());
    const rows = timelineRows(this.#translate, ledger, model, this.locale);
    const empty = model.lanes.length === 0;
    return html`<section aria-label=${this.t('timeline.label')}>
      ${this.#summary(ledger)}
      ${
        empty
          ? html`<p class="status">${this.t('timeline.empty')}</p>`
          : html`${this.asTable ? nothing : this.#chart(ledger, model)}
            <button class="toggle" part="toggle" @click=${() => (this.asTable = !this.asTable)}>
              ${this.t(this.asTable ? 'timeline.showChart' : 'timeline.showTable')}
            </button>
            ${this.#table(rows)}`
      }
    </section>`;
  }

  #summary(ledger: Ledger): TemplateResult {
    const unbilled = ledger.unbilled.reduce((sum, u) => sum + u.seconds, 0);
    return html`<dl class="summary" part="summary">
      <div><dt>${this.t('timeline.billed')}</dt><dd data-testid="billed">${formatDuration(this.locale, ledger.billableSeconds * 1000)}</dd></div>
      <div><dt>${this.t('timeline.notBilled')}</dt><dd data-testid="not-billed">${formatDuration(this.locale, unbilled * 1000)}</dd></div>
      <div><dt>${this.t('timeline.endLabel')}</dt><dd data-testid="end">${endText(this.#translate, ledger)}</dd></div>
    </dl>`;
  }

  #chart(ledger: Ledger, model: TimelineModel): TemplateResult {
    const bar = (kind: 'interval' | 'billed' | 'unbilled', span: Span, title: string, open = false) => {
      const at = placement(model, span);
      return html`<span
        class="bar ${kind === 'interval' ? 'connected' : kind}"
        part=${kind}
        ?data-open=${open}
        title=${title}
        style=${styleMap({ insetInlineStart: `${at.start}%`, inlineSize: `${at.size}%` })}
      ></span>`;
    };
    const lane = (label: TemplateResult | string, content: unknown) =>
      html`<div class="label">${label}</div><div class="track" part="lane">${content}</div>`;
    const range = (span: Span) => `${this.#time.format(span.from)} – ${this.#time.format(span.to)}`;
    return html`<div class="chart" part="chart" aria-hidden="true">
        ${model.lanes.map((p) =>
          lane(
            html`${p.name}${p.role ? html`<small>${this.t(ROLE_KEYS[p.role])}</small>` : nothing}`,
            p.intervals.map((i) => bar('interval', i, range(i), i.open)),
          ),
        )}
        ${lane(
          this.t('timeline.billed'),
          model.billed.map((b) => bar('billed', b, range(b))),
        )}
        ${lane(
          this.t('timeline.notBilled'),
          model.unbilled.map((u) => bar('unbilled', u, `${range(u)}: ${this.t(REASON_KEYS[u.reason])}`)),
        )}
        ${lane(
          this.t('timeline.events'),
          model.marks.map((m) => {
            const at = placement(model, { from: m.at, to: m.at });
            return html`<span class="mark ${m.kind}" part="mark" title=${markText(this.#translate, m, ledger, this.locale)} style=${styleMap({ insetInlineStart: `${at.start}%` })}
              >${MARK_GLYPHS[m.kind]}</span
            >`;
          }),
        )}
        <span></span>
        <div class="axis" part="axis"><span>${this.#time.format(model.start)}</span><span>${this.#time.format(model.end)}</span></div>
      </div>
      <ul class="legend" part="legend" aria-hidden="true">
        <li><span class="swatch bar connected"></span>${this.t('timeline.connected')}</li>
        <li><span class="swatch bar billed"></span>${this.t('timeline.billed')}</li>
        <li><span class="swatch bar unbilled"></span>${this.t('timeline.notBilled')}</li>
        <li><span class="mark warning key">!</span>${this.t('timeline.events')}</li>
      </ul>`;
  }

  #table(rows: readonly Row[]): TemplateResult {
    return html`<table part="table" class=${this.asTable ? '' : 'visually-hidden'}>
      <caption>${this.t('timeline.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">${this.t('timeline.colTime')}</th>
          <th scope="col">${this.t('timeline.colEvent')}</th>
          <th scope="col">${this.t('timeline.colDuration')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr>
            <td>${this.#time.format(row.from)}${row.to === undefined ? nothing : ` – ${this.#time.format(row.to)}`}</td>
            <td>${row.text}</td>
            <td>${row.seconds === undefined ? nothing : formatDuration(this.locale, row.seconds * 1000)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}
