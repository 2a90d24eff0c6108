// The sample portal's operators' view against a real LiveKit server: /metrics (Prometheus text, loopback only and
// never through a proxy) counts what happened — a token issued and one refused, LiveKit's webhooks and their lag,
// the live visit the enforcer sees — and the adapter's log is one JSON line per operation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rulesSha256 } from '@visitkit/core/protocol';
import { freeTcpPort, startLiveKit } from '../../../scripts/lib/livekit-server.mjs';
import { strings } from './portal-i18n.js';
import { DEMO } from './seed.js';
import { startTestPortal } from './test-support/portal-server.js';

let livekit: { url: string; apiKey: string; apiSecret: string; stop(): Promise<void> };
let portal: Awaited<ReturnType<typeof startTestPortal>>;
const lines: string[] = [];

before(async () => {
  const port = (await freeTcpPort()) as number;
  livekit = await startLiveKit({
    name: 'portal-metrics',
    webhookUrls: [`http://127.0.0.1:${port}/api/visitkit/livekit/webhook`],
  });
  portal = await startTestPortal(
    {
      livekit: { url: livekit.url, apiKey: livekit.apiKey, apiSecret: livekit.apiSecret },
      enforcerMs: 500,
      logFormat: 'json',
      log: (line) => lines.push(line),
    },
    port,
  );
});

after(async () => {
  await portal?.close();
  await livekit?.stop();
});

/** Polls /metrics until `ready` accepts its text. */
async function metricsWhen(ready: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  let text = '';
  while (Date.now() < deadline) {
    text = await (await fetch(`${portal.base}/metrics`)).text();
    if (ready(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`gave up waiting for ${what}; /metrics said:\n${text}`);
}

const value = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${series} `))
      ?.slice(series.length + 1),
  );

test('/metrics counts tokens issued and refused, webhooks with their lag and the live visit; the log is JSON lines', async () => {
  const maria = await portal.signIn('maria');
  const consent = { accepted_at: new Date().toISOString(), text_sha256: await rulesSha256(strings('en').rules) };
  const token = (visitId: string) =>
    fetch(`${portal.base}/api/visitkit/visits/${visitId}/token`, {
      method: 'POST',
      headers: { cookie: maria, 'content-type': 'application/json', origin: portal.base },
      body: JSON.stringify({ consent }),
    });
  assert.equal((await token(DEMO.visits.socialNow)).status, 200);
  assert.equal((await token(DEMO.visits.privilegedNow)).status, 404, 'not her visit');

  const response = await fetch(`${portal.base}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await metricsWhen(
    (t) => value(t, 'visitkit_webhook_lag_seconds_count') >= 1 && value(t, 'visitkit_live_visits') >= 1,
    'the room_started webhook and an enforcer pass',
  );
  assert.equal(value(text, 'visitkit_tokens_issued_total{role="visitor"}'), 1);
  assert.equal(value(text, 'visitkit_tokens_refused_total{code="not-found"}'), 1);
  assert.equal(
    value(text, 'visitkit_webhook_lag_seconds_bucket{le="+Inf"}'),
    value(text, 'visitkit_webhook_lag_seconds_count'),
  );

  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.ok(
    records.some((r) => r.op === 'visit-event' && r.type === 'token-issued' && r.visitId === DEMO.visits.socialNow),
    lines.join('\n'),
  );
  assert.ok(records.some((r) => r.op === 'request-refused' && r.code === 'not-found' && r.level === 'info'));
  assert.ok(records.some((r) => r.op === 'webhook-received' && r.event === 'room_started'));
  assert.ok(
    lines.every((line) => !line.includes(livekit.apiSecret)),
    'no secret in the log',
  );
});

test('/metrics is refused through a proxy and to browser pages', async () => {
  assert.equal((await fetch(`${portal.base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 403);
  assert.equal((await fetch(`${portal.base}/metrics`, { headers: { forwarded: 'for=203.0.113.9' } })).status, 403);
  assert.equal((await fetch(`${portal.base}/metrics`, { headers: { origin: portal.base } })).status, 403);
  assert.equal((await fetch(`${portal.base}/metrics`, { method: 'POST' })).status, 405);
});
