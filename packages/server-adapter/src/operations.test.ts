// Operators' view: one log line per operation (text or JSON) and the metrics, driven through the handler and the
// enforcer. Counting what only a real LiveKit produces (tokens issued, live rooms, real webhook lag) is proven by
// the sample portal's /metrics test (examples/portal/src/metrics.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEnforcer } from './enforcer.js';
import { createVisitLogger } from './logger.js';
import { VisitMetrics } from './metrics.js';
import {
  API_SECRET,
  NOW,
  post,
  signedWebhook,
  testHandler,
  UNREACHABLE_LIVEKIT,
  visit,
} from './test-support/fixtures.js';

/** A JSON logger whose lines land in an array. */
function jsonLines() {
  const lines: string[] = [];
  const log = createVisitLogger({ format: 'json', write: (line) => lines.push(line), now: () => NOW });
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** The value of one sample of the Prometheus text (`name{labels}`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('createVisitLogger', () => {
  test('json: one parseable line per call with time, level, message and the fields; text: key=value, quoted when needed', () => {
    const { log, lines, records } = jsonLines();
    log('info', 'visit event token-issued', { op: 'visit-event', visitId: 'visit 1', count: 2 });
    assert.equal(lines.length, 1);
    assert.deepEqual(records()[0], {
      time: new Date(NOW).toISOString(),
      level: 'info',
      msg: 'visit event token-issued',
      source: 'visitkit',
      op: 'visit-event',
      visitId: 'visit 1',
      count: 2,
    });
    const text: string[] = [];
    createVisitLogger({ write: (line) => text.push(line) })('warn', 'room guarded', { room: 'vk_1', why: 'no policy' });
    assert.deepEqual(text, ['[visitkit] warn room guarded room=vk_1 why="no policy"']);
  });

  test('lines below the level are dropped; bad options are refused', () => {
    const text: string[] = [];
    const log = createVisitLogger({ level: 'warn', write: (line) => text.push(line) });
    log('info', 'quiet');
    log('error', 'loud');
    assert.deepEqual(text, ['[visitkit] error loud']);
    assert.throws(() => createVisitLogger({ format: 'xml' as 'json' }), TypeError);
    assert.throws(() => createVisitLogger({ level: 'debug' as 'info' }), TypeError);
  });
});

describe('the handler reports its operations', () => {
  test('a refused token is one line and counted by code; a LiveKit failure also counts as a LiveKit error', async () => {
    const { log, records } = jsonLines();
    const metrics = new VisitMetrics();
    const { handle } = testHandler({ log, metrics });
    assert.equal((await handle(post('/visits/visit-1/token', null, {}))).status, 401);
    // A caller the portal admits, but LiveKit is unreachable: 502.
    assert.equal(
      (await handle(post('/visits/visit-1/token', { identity: 'res-1', role: 'resident', visit: visit() }, {}))).status,
      502,
    );

    assert.deepEqual(
      records().map((r) => [r.level, r.op, r.action, r.status, r.code]),
      [
        ['info', 'request-refused', 'token', 401, 'unauthenticated'],
        ['error', 'request-refused', 'token', 502, 'livekit-unreachable'],
      ],
    );
    assert.match(String(records()[1]!.msg), /^POST \/visits\/:visitId\/token → 502 livekit-unreachable \(cause: /);
    assert.ok(
      records().every((r) => !JSON.stringify(r).includes(API_SECRET)),
      'no secret in any line',
    );
    assert.deepEqual(metrics.snapshot().tokensRefused, { unauthenticated: 1, 'livekit-unreachable': 1 });
    assert.deepEqual(metrics.snapshot().livekitErrors, { token: 1 });
    const text = metrics.toPrometheus();
    assert.equal(sample(text, 'visitkit_tokens_refused_total{code="unauthenticated"}'), 1);
    assert.equal(sample(text, 'visitkit_livekit_errors_total{where="token"}'), 1);
  });

  test('a verified webhook: its lag in the histogram, a line for it and for each visit event it recorded', async () => {
    const { log, records } = jsonLines();
    const metrics = new VisitMetrics();
    // The adapter's clock is 3 s after LiveKit created the webhook.
    const { handle } = testHandler({ log, metrics, now: () => NOW + 3000 });
    const payload = {
      event: 'participant_joined',
      id: 'EV_ops',
      createdAt: String(NOW / 1000),
      participant: {
        sid: 'PA_ops',
        identity: 'res-1',
        attributes: { 'visitkit.visit': 'visit-1', 'visitkit.role': 'resident' },
      },
    };
    assert.equal((await handle(await signedWebhook(payload))).status, 200);
    assert.deepEqual(
      records().map((r) => [r.op, r.event ?? r.type, r.lagMs ?? r.visitId]),
      [
        ['webhook-received', 'participant_joined', 3000],
        ['visit-event', 'participant-joined', 'visit-1'],
      ],
    );
    const lag = metrics.snapshot().webhookLag;
    assert.deepEqual([lag.count, lag.sumSeconds, lag.buckets['2.5'], lag.buckets['5']], [1, 3, 0, 1]);
    const text = metrics.toPrometheus();
    assert.equal(sample(text, 'visitkit_webhook_lag_seconds_bucket{le="+Inf"}'), 1);
    assert.equal(sample(text, 'visitkit_webhook_lag_seconds_count'), 1);
    assert.equal((await handle(await signedWebhook(payload, { tamper: true }))).status, 401);
    assert.equal(metrics.snapshot().webhookLag.count, 1, 'a refused webhook is not a delivery');
  });
});

describe('the enforcer reports its operations', () => {
  test('a pass that cannot reach LiveKit is a warning line and a LiveKit error; live visits stay unknown', async () => {
    const { log, records } = jsonLines();
    const metrics = new VisitMetrics();
    const enforcer = createEnforcer({ livekit: UNREACHABLE_LIVEKIT, store: null, log, metrics });
    await assert.rejects(enforcer.tick());
    assert.deepEqual(
      records().map((r) => [r.level, r.op]),
      [['warn', 'enforcer-failed']],
    );
    assert.deepEqual(metrics.snapshot().livekitErrors, { enforcer: 1 });
    assert.equal(metrics.snapshot().liveVisits, undefined);
    assert.doesNotMatch(metrics.toPrometheus(), /^visitkit_live_visits /m, 'no sample until the enforcer has counted');
  });

  test('enforcer actions and passes: counted by kind; live visits is the last pass', () => {
    const metrics = new VisitMetrics();
    const at = new Date(NOW).toISOString();
    metrics.observe({
      op: 'visit-event',
      event: { type: 'time-warning', id: 'w1', visitId: 'v', at, secondsLeft: 60 },
    });
    metrics.observe({ op: 'visit-event', event: { type: 'visit-expired', id: 'x1', visitId: 'v', at } });
    metrics.observe({ op: 'room-guarded', room: 'vk_1', outcome: 'closed' });
    metrics.observe({ op: 'enforcer-tick', rooms: 4, errors: 0 });
    metrics.observe({ op: 'enforcer-tick', rooms: 3, errors: 1 });
    metrics.observe({
      op: 'visit-event',
      event: { type: 'token-issued', id: 't1', visitId: 'v', at, participant: { identity: 'a', role: 'visitor' } },
    });
    const text = metrics.toPrometheus();
    assert.equal(sample(text, 'visitkit_live_visits'), 3);
    assert.equal(sample(text, 'visitkit_enforcer_actions_total{action="time-warning"}'), 1);
    assert.equal(sample(text, 'visitkit_enforcer_actions_total{action="visit-expired"}'), 1);
    assert.equal(sample(text, 'visitkit_enforcer_actions_total{action="room-closed"}'), 1);
    assert.equal(sample(text, 'visitkit_tokens_issued_total{role="visitor"}'), 1);
    // Every family is declared once, with HELP and TYPE, before its samples.
    for (const name of [
      'visitkit_live_visits',
      'visitkit_tokens_issued_total',
      'visitkit_tokens_refused_total',
      'visitkit_webhook_lag_seconds',
      'visitkit_enforcer_actions_total',
      'visitkit_livekit_errors_total',
    ]) {
      assert.equal(text.split('\n').filter((l) => l.startsWith(`# TYPE ${name} `)).length, 1, name);
      assert.ok(text.indexOf(`# HELP ${name} `) < text.indexOf(`# TYPE ${name} `), name);
    }
  });
});
