// The drop-in widget on a bench page (bench/cpu/pages/widget.mjs, served by bench/join/server.mjs), driven like a
// person: mount it, turn on camera and microphone, press Join. Shared by bench/network and tests/audio-first.

/**
 * Mounts `<vk-visit>` and clicks through its pre-join; resolves when Join has been pressed (marked in the page as
 * `window.__joinMark` when the click arrives, for benches that time what follows).
 * @param {import('playwright-core').Page} page
 * @param {string} tokenUrl
 * @param {string} visitId
 * @param {number} timeoutMs
 * @param {{ settle?: boolean }} [options] `settle`: press Join only once the pre-join's connection check has answered,
 *   as a person reading the screen would (benches); otherwise as soon as Join shows
 */
export async function joinBenchWidget(page, tokenUrl, visitId, timeoutMs, { settle = false } = {}) {
  await page.evaluate(([url, id]) => window.bench.mount(url, id), [tokenUrl, visitId]);
  await page.getByRole('button', { name: 'Turn on camera and microphone' }).click({ timeout: timeoutMs });
  const joinButton = page.getByRole('button', { name: 'Join visit' });
  await joinButton.waitFor({ timeout: timeoutMs });
  if (settle) {
    // A person reads the pre-join screen before pressing Join: its connection check (token fetched, LiveKit reached)
    // has said how it went by then — as bench/join's pages, which wait for the same check.
    await page.locator('[data-status="ok"], [data-status="unreachable"]').first().waitFor({ timeout: timeoutMs });
  }
  // Marked when the click reaches the page, not before Playwright's own checks ahead of it (scrolling into view,
  // waiting for the button to hold still: 15–45 ms measured, which are not the widget's).
  await page.evaluate(() => {
    window.__joinMark = undefined;
    document.addEventListener('click', () => (window.__joinMark ??= performance.now()), { capture: true, once: true });
  });
  await joinButton.click();
}
