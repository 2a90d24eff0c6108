import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestPortal } from './test-support/portal-server.js';

let portal: Awaited<ReturnType<typeof startTestPortal>>;
before(async () => {
  portal = await startTestPortal();
});
after(() => portal.close());

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name ?? '', values.join(' ')]),
  );
}

describe('security headers of the portal pages', () => {
  test('every page has a CSP whose nonce is on each inline script and style, and a new nonce per response', async () => {
    const maria = await portal.signIn('maria');
    const kiosk = await portal.signIn('james');
    const pages = [
      await fetch(`${portal.base}/`),
      await fetch(`${portal.base}/family/visits/social-now`, { headers: { cookie: maria } }),
      await fetch(`${portal.base}/kiosk`, { headers: { cookie: kiosk } }),
      await fetch(`${portal.base}/cdn-example/`),
    ];
    const nonces = new Set<string>();
    for (const response of pages) {
      assert.equal(response.status, 200, response.url);
      const csp = directives(response.headers.get('content-security-policy') ?? '');
      const nonce = /'nonce-([^']+)'/.exec(csp.get('script-src') ?? '')?.[1];
      assert.ok(nonce, `${response.url}: script-src has a nonce`);
      nonces.add(nonce);
      assert.doesNotMatch(csp.get('script-src') ?? '', /unsafe-inline|unsafe-eval/);
      assert.equal(csp.get('frame-ancestors'), "'none'");
      assert.equal(csp.get('object-src'), "'none'");
      assert.match(csp.get('connect-src') ?? '', /'self' ws:\/\/127\.0\.0\.1:9 http:\/\/127\.0\.0\.1:9/);
      // The E2EE worker is served by the portal itself: no blob: workers (that would be needed only for a CDN origin).
      assert.equal(csp.get('worker-src'), "'self'");
      const page = await response.text();
      const inline = [...page.matchAll(/<(script|style)\b([^>]*)>/g)].filter((m) => !/\ssrc=/.test(m[2] ?? ''));
      for (const tag of inline)
        assert.match(tag[0], new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`), `${response.url}: ${tag[0]}`);
    }
    assert.equal(nonces.size, pages.length, 'a fresh nonce per response');
  });

  test('camera and microphone for the portal only, no framing, no referrer across origins', async () => {
    for (const path of ['/', '/cdn-example/', '/nowhere', '/vendor/lit/index.js']) {
      const response = await fetch(`${portal.base}${path}`);
      assert.match(response.headers.get('permissions-policy') ?? '', /camera=\(self\), microphone=\(self\)/, path);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(response.headers.get('referrer-policy'), 'same-origin', path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });
});

describe('URLs and visit ids', () => {
  test('malformed percent-encoding is 400, not 500', async () => {
    const maria = await portal.signIn('maria');
    for (const path of ['/vendor/%E0%A4%A', '/family/visits/%E0%A4%A', '/cdn-example/%E0%A4%A', '/%ZZ']) {
      const response = await fetch(`${portal.base}${path}`, { headers: { cookie: maria } });
      assert.equal(response.status, 400, path);
    }
    const token = await fetch(`${portal.base}/api/visitkit/visits/%E0%A4%A/token`, {
      method: 'POST',
      headers: { cookie: maria, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(token.status, 400);
  });

  test('"not your visit" and "no such visit" answer the same, on pages and on the token route', async () => {
    const maria = await portal.signIn('maria');
    const page = (id: string) => fetch(`${portal.base}/family/visits/${id}`, { headers: { cookie: maria } });
    const [notMine, missing] = [await page('privileged-now'), await page('no-such-visit')];
    assert.deepEqual([notMine.status, missing.status], [404, 404]);
    assert.equal(
      (await notMine.text()).replace(/nonce="[^"]+"|'nonce-[^']+'/g, '').replace(/privileged-now/g, 'X'),
      (await missing.text()).replace(/nonce="[^"]+"|'nonce-[^']+'/g, '').replace(/no-such-visit/g, 'X'),
    );
    const token = async (id: string) => {
      const response = await fetch(`${portal.base}/api/visitkit/visits/${id}/token`, {
        method: 'POST',
        headers: { cookie: maria, 'content-type': 'application/json' },
        body: '{}',
      });
      return [response.status, await response.json()];
    };
    const officer = await portal.signIn('reyes');
    const otherFacility = await fetch(`${portal.base}/api/visitkit/visits/no-such-visit/ledger`, {
      headers: { cookie: officer },
    });
    assert.equal(otherFacility.status, 404);
    assert.deepEqual(await token('privileged-now'), await token('no-such-visit'));
    assert.equal((await token('no-such-visit'))[0], 404);
  });
});
