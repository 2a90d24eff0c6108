// A signed-in portal user without a browser: the sign-in form post and the token route, as the widget calls them.
// For the cluster tests and bench/scale, whose synthetic participants (@livekit/rtc-node) need real portal tokens.
import assert from 'node:assert/strict';
import { TokenResponseSchema } from '@visitkit/core/protocol';

/**
 * Signs `user` in at `url` (the sample portal or the balancer in front of its instances); resolves with the cookie.
 * @param {string} url
 * @param {string} user
 */
export async function portalSession(url, user) {
  const response = await fetch(`${url}/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ user }).toString(),
    redirect: 'manual',
  });
  assert.equal(response.status, 303, `sign-in as ${user}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  assert.ok(cookie, `a session cookie for ${user}`);
  return cookie;
}

/**
 * Asks the portal's token route for `visitId` with a session cookie (no consent: for visits that do not require
 * one); resolves with the status, the body and the validated token response.
 * @param {string} url
 * @param {string} cookie
 * @param {string} visitId
 */
export async function requestToken(url, cookie, visitId) {
  const response = await fetch(`${url}/api/visitkit/visits/${encodeURIComponent(visitId)}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: '{}',
  });
  const body = await response.json();
  return { status: response.status, body, token: response.ok ? TokenResponseSchema.parse(body) : undefined };
}
