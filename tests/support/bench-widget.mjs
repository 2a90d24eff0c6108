// The drop-in widget on a bench page (bench/cpu/pages/widget.mjs, served by bench/join/server.mjs), driven like a
// person: mount it, turn on camera and microphone, press Join. Shared by bench/network and tests/audio-first.

/**
 * Mounts `<vk-visit>` and clicks through its pre-join; resolves when Join has been pressed (marked in the page as
 * `window.__joinMark`, for benches that time what follows).
 * @param {import('playwright-core').Page} page
 * @param {string} tokenUrl
 * @param {string} visitId
 * @param {number} timeoutMs
 */
export async function joinBenchWidget(page, tokenUrl, visitId, timeoutMs) {
  await page.evaluate(([url, id]) => window.bench.mount(url, id), [tokenUrl, visitId]);
  await page.getByRole('button', { name: 'Turn on camera and microphone' }).click({ timeout: timeoutMs });
  const joinButton = page.getByRole('button', { name: 'Join visit' });
  await joinButton.waitFor({ timeout: timeoutMs });
  await page.evaluate(() => (window.__joinMark = performance.now()));
  await joinButton.click();
}
