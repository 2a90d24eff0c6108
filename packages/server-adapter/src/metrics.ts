import type { VisitOperation } from './operations.js';

/** Upper bounds (seconds) of the webhook lag histogram's buckets. */
export const WEBHOOK_LAG_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

/** The enforcer's actions, as counted: from its visit events and the room guard. */
type EnforcerAction =
  'time-warning' | 'visit-expired' | 'participant-removed' | 'room-restored' | 'room-refused' | 'room-closed';

/** What {@link VisitMetrics.snapshot} returns: plain numbers, to hand to any metrics system. */
export interface VisitMetricsSnapshot {
  /** Visit rooms live on LiveKit at the enforcer's last pass; undefined until it ran in this process. */
  liveVisits: number | undefined;
  /** Tokens issued, by role. */
  tokensIssued: Record<string, number>;
  /** Token requests refused, by error code (`visit-full`, `consent-required`, `livekit-unreachable`, …). */
  tokensRefused: Record<string, number>;
  /** Verified webhooks: how many, the sum of their lag, and the cumulative count per bucket bound (seconds). */
  webhookLag: { count: number; sumSeconds: number; buckets: Record<string, number> };
  /** Enforcer actions, by kind. */
  enforcerActions: Record<string, number>;
  /** Failed calls to LiveKit, by where they happened (`token`, `webhook`, `terminate`, …, `enforcer`). */
  livekitErrors: Record<string, number>;
}

function bump(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

/** Prometheus label value escaping (text format 0.0.4). */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * The adapter's operational metrics, counted in this process: give the same instance to the handler and the
 * enforcer (`createVisitkit({ metrics })` does) and export it — `toPrometheus()` is the Prometheus text format,
 * `snapshot()` plain numbers for anything else (e.g. OpenTelemetry observable instruments).
 * Counters start at zero with each process, as Prometheus expects of counters.
 *
 * @example
 * const metrics = new VisitMetrics();
 * const visitkit = createVisitkit({ livekit, authorize, store, metrics });
 * // GET /metrics (staff or loopback only):
 * new Response(metrics.toPrometheus(), { headers: { 'content-type': VisitMetrics.contentType } });
 */
export class VisitMetrics {
  /** The Content-Type of {@link VisitMetrics.toPrometheus}'s text. */
  static readonly contentType = 'text/plain; version=0.0.4; charset=utf-8';

  #liveVisits: number | undefined;
  readonly #tokensIssued = new Map<string, number>();
  readonly #tokensRefused = new Map<string, number>();
  readonly #lagBuckets = WEBHOOK_LAG_BUCKETS.map(() => 0);
  #lagCount = 0;
  #lagSum = 0;
  readonly #enforcerActions = new Map<EnforcerAction, number>();
  readonly #livekitErrors = new Map<string, number>();

  /** Counts one operation; the handler and the enforcer call it. */
  observe(operation: VisitOperation): void {
    switch (operation.op) {
      case 'visit-event': {
        const { event } = operation;
        if (event.type === 'token-issued') bump(this.#tokensIssued, event.participant.role);
        else if (
          event.type === 'time-warning' ||
          event.type === 'visit-expired' ||
          event.type === 'participant-removed'
        )
          bump(this.#enforcerActions, event.type);
        return;
      }
      case 'request-refused':
        if (operation.action === 'token') bump(this.#tokensRefused, operation.code);
        if (operation.code === 'livekit-unreachable') bump(this.#livekitErrors, operation.action);
        return;
      case 'webhook-received': {
        const seconds = Math.max(0, operation.lagMs) / 1000;
        this.#lagCount += 1;
        this.#lagSum += seconds;
        WEBHOOK_LAG_BUCKETS.forEach((bound, i) => {
          if (seconds <= bound) this.#lagBuckets[i]! += 1;
        });
        return;
      }
      case 'room-guarded':
        bump(this.#enforcerActions, `room-${operation.outcome}`);
        return;
      case 'enforcer-tick':
        this.#liveVisits = operation.rooms;
        return;
      case 'enforcer-failed':
        bump(this.#livekitErrors, 'enforcer');
        return;
      default: {
        const never: never = operation;
        throw new Error(`unknown operation ${JSON.stringify(never)}`);
      }
    }
  }

  /** The counts so far, as plain numbers. */
  snapshot(): VisitMetricsSnapshot {
    return {
      liveVisits: this.#liveVisits,
      tokensIssued: Object.fromEntries(this.#tokensIssued),
      tokensRefused: Object.fromEntries(this.#tokensRefused),
      webhookLag: {
        count: this.#lagCount,
        sumSeconds: this.#lagSum,
        buckets: Object.fromEntries(WEBHOOK_LAG_BUCKETS.map((bound, i) => [String(bound), this.#lagBuckets[i]!])),
      },
      enforcerActions: Object.fromEntries(this.#enforcerActions),
      livekitErrors: Object.fromEntries(this.#livekitErrors),
    };
  }

  /** The metrics in the Prometheus text exposition format (serve it with {@link VisitMetrics.contentType}). */
  toPrometheus(): string {
    const lines: string[] = [];
    const family = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    const labelled = (name: string, key: string, counts: Map<string, number>) => {
      for (const [value, count] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
        lines.push(`${name}{${key}="${label(value)}"} ${count}`);
    };
    family('visitkit_live_visits', 'gauge', "Visit rooms live on LiveKit at the enforcer's last pass.");
    if (this.#liveVisits !== undefined) lines.push(`visitkit_live_visits ${this.#liveVisits}`);
    family('visitkit_tokens_issued_total', 'counter', 'Visit tokens issued, by role.');
    labelled('visitkit_tokens_issued_total', 'role', this.#tokensIssued);
    family('visitkit_tokens_refused_total', 'counter', 'Token requests refused, by error code.');
    labelled('visitkit_tokens_refused_total', 'code', this.#tokensRefused);
    family(
      'visitkit_webhook_lag_seconds',
      'histogram',
      'Time from LiveKit creating a webhook to the adapter verifying it.',
    );
    WEBHOOK_LAG_BUCKETS.forEach((bound, i) =>
      lines.push(`visitkit_webhook_lag_seconds_bucket{le="${bound}"} ${this.#lagBuckets[i]}`),
    );
    lines.push(`visitkit_webhook_lag_seconds_bucket{le="+Inf"} ${this.#lagCount}`);
    lines.push(
      `visitkit_webhook_lag_seconds_sum ${this.#lagSum}`,
      `visitkit_webhook_lag_seconds_count ${this.#lagCount}`,
    );
    family(
      'visitkit_enforcer_actions_total',
      'counter',
      'Enforcer actions: time warnings, time-limit ends, removals, guarded rooms.',
    );
    labelled('visitkit_enforcer_actions_total', 'action', this.#enforcerActions);
    family('visitkit_livekit_errors_total', 'counter', 'Calls to LiveKit that failed, by where.');
    labelled('visitkit_livekit_errors_total', 'where', this.#livekitErrors);
    return `${lines.join('\n')}\n`;
  }
}
