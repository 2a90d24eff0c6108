import type { ZodMiniType } from 'zod/mini';
import { ErrorBodySchema } from './protocol/errors.js';
import { LedgerSchema, type Ledger } from './protocol/ledger.js';
import { VISIT_ROUTES, visitRoutePath, type VisitRoute } from './protocol/routes.js';
import {
  MuteRequestSchema,
  TerminateRequestSchema,
  WarnRequestSchema,
  type MuteRequest,
  type TerminateRequest,
  type WarnRequest,
} from './protocol/staff.js';
import { VisitError } from './visit-error.js';

/** Options for {@link StaffApi}. */
export interface StaffApiOptions {
  /** Where the server adapter is mounted, e.g. `/api/visitkit` (no trailing slash needed). */
  apiBase: string;
  visitId: string;
  /** Injectable fetch (tests, custom auth). Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

const VISIT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * Staff actions on one visit over the server adapter's HTTP routes (monitor role only): warn, mute,
 * terminate and read the ledger. Bodies are validated with the protocol schemas before they are sent;
 * every failure is a {@link VisitError}.
 *
 * @example
 * const staff = new StaffApi({ apiBase: '/api/visitkit', visitId: 'v-42' });
 * await staff.warn({ code: 'language' });
 * await staff.terminate({ reason: 'Repeated conduct warnings' });
 */
export class StaffApi {
  readonly visitId: string;
  readonly #base: string;
  readonly #visitId: string;
  readonly #fetch: typeof fetch;

  constructor(options: StaffApiOptions) {
    if (!VISIT_ID.test(options.visitId)) {
      throw new VisitError('bad-request', `Invalid visit id ${JSON.stringify(options.visitId)}.`);
    }
    this.visitId = options.visitId;
    this.#base = options.apiBase;
    this.#visitId = options.visitId;
    // Bound so a global fetch is not called with a foreign `this` (an "Illegal invocation" in browsers).
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Sends a warning (a canned `code`, shown translated, and optional free text) to everyone in the visit. */
  async warn(request: WarnRequest, signal?: AbortSignal): Promise<void> {
    await this.#send('warn', WarnRequestSchema, request, signal);
  }

  /** Mutes one participant's audio or video on the server. */
  async mute(request: MuteRequest, signal?: AbortSignal): Promise<void> {
    await this.#send('mute', MuteRequestSchema, request, signal);
  }

  /** Ends the visit for everyone; removed people cannot rejoin. */
  async terminate(request: TerminateRequest, signal?: AbortSignal): Promise<void> {
    await this.#send('terminate', TerminateRequestSchema, request, signal);
  }

  /** The visit's ledger: connected intervals, time both sides were connected, staff actions, end cause. */
  async ledger(signal?: AbortSignal): Promise<Ledger> {
    const body = await this.#send('ledger', undefined, undefined, signal);
    const result = LedgerSchema.safeParse(body);
    if (!result.success) throw new VisitError('invalid-response', 'The ledger answer was not understood.');
    return result.data;
  }

  async #send<T>(
    route: VisitRoute,
    schema: ZodMiniType<T> | undefined,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    let payload: string | undefined;
    if (schema) {
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        // zod/mini loads no locale (kept out of the bundle), so the field's path carries the meaning.
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        throw new VisitError('bad-request', `Invalid request. ${where}${issue?.message ?? 'invalid value'}`);
      }
      payload = JSON.stringify(parsed.data);
    }
    let response: Response;
    try {
      response = await this.#fetch(visitRoutePath(this.#base, this.#visitId, route), {
        method: VISIT_ROUTES[route],
        headers: payload === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
        body: payload,
        credentials: 'same-origin',
        signal,
      });
    } catch (cause) {
      if (signal?.aborted) throw VisitError.aborted();
      throw new VisitError('server-unreachable', 'The visit server could not be reached.', { cause, retryable: true });
    }
    const text = await response.text().catch(() => '');
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (!response.ok) {
      const error = ErrorBodySchema.safeParse(json);
      if (error.success) throw VisitError.fromServer(error.data.error.code, error.data.error.message, response.status);
      throw new VisitError(
        response.status >= 500 ? 'server-unreachable' : 'invalid-response',
        `The visit server answered ${response.status}.`,
        { status: response.status, retryable: response.status >= 500 },
      );
    }
    return json;
  }
}
