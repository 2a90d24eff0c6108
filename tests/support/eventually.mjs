// The one polling helper of the e2e runner (node:test + playwright-core): for conditions that no event announces
// (another browser's page, LiveKit's room list, webhooks arriving).
import assert from 'node:assert/strict';

/** How long a condition may take to hold on a busy machine. */
export const WAIT_MS = 45_000;

/**
 * Polls `check` until it returns something other than undefined/false, or fails with `message`.
 * @template T
 * @param {() => Promise<T | undefined | false> | T | undefined | false} check
 * @param {string} message
 * @param {number} [timeoutMs]
 * @param {() => unknown} [describe]  what to report when it gives up (e.g. the participants seen)
 * @returns {Promise<T>}
 */
export async function eventually(check, message, timeoutMs = WAIT_MS, describe = undefined) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const detail = describe
    ? `; last seen: ${JSON.stringify(await Promise.resolve(describe()).catch((e) => e.message))}`
    : '';
  assert.fail(
    `${message} (gave up after ${timeoutMs / 1000}s)${lastError ? `; last error: ${lastError.message}` : ''}${detail}`,
  );
}
