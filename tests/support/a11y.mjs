// Accessibility checks for the e2e suite: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) injected into playwright
// pages, run under each colour scheme, viewport and language a screen is shown in, plus the checks axe cannot
// make: target sizes, reflow, focus visibility (shadow roots included), the accessibility tree's names and what
// live regions announce. Every screen checked is recorded for the summary the suite prints (docs/accessibility.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { launchChromium } from './browser.mjs';
import { startPortalStack } from './portal.mjs';

const require = createRequire(import.meta.url);
/** axe-core's browser build, evaluated in the page through the DevTools protocol (so the portal's CSP allows it). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The axe rule tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The sizes every screen is checked at: a phone held upright and a laptop. */
export const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

/** The colour schemes every screen is checked in. */
export const SCHEMES = /** @type {const} */ (['light', 'dark']);

/** @typedef {{ screen: string, variants: number, violations: string[] }} ScreenResult */

/** @type {ScreenResult[]} */
const results = [];

/**
 * axe's WCAG violations on the page as it is now, one line per rule and element.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const { violations } = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return violations.flatMap((/** @type {any} */ v) =>
      v.nodes.map(
        (/** @type {any} */ n) =>
          `${v.id} (${v.impact}) ${n.target.join(' >>> ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`,
      ),
    );
  }, WCAG_TAGS);
}

/**
 * Defines `window.__vkName(el)` in the page: a short accessible-ish name for messages and matching (aria-label,
 * aria-labelledby, the field's <label>, else its text), prefixed with the tag name, e.g. `button "Join visit"`.
 * @param {import('playwright-core').Page} page
 */
async function defineNameOf(page) {
  await page.evaluate(() => {
    if ('__vkName' in window) return;
    /** @param {Element} el */
    const nameOf = (el) => {
      const root = /** @type {Document | ShadowRoot} */ (el.getRootNode());
      const labelledBy = el
        .getAttribute('aria-labelledby')
        ?.split(/\s+/)
        .map((id) => root.getElementById?.(id)?.textContent ?? '')
        .join(' ');
      const labels =
        'labels' in el && el.labels
          ? [.../** @type {NodeListOf<HTMLLabelElement>} */ (el.labels)].map((l) => l.textContent).join(' ')
          : '';
      const text = el.getAttribute('aria-label') || labelledBy || labels || el.textContent || '';
      return `${el.tagName.toLowerCase()} "${text.trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    };
    Object.defineProperty(window, '__vkName', { value: nameOf });
  });
}

/**
 * Two animation frames: styles and layout of the new scheme / viewport / language are applied.
 * @param {import('playwright-core').Page} page
 */
function settled(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Runs axe on the screen the page shows in light and dark, on a phone and a desktop, and — with `setLang` — in
 * English and Spanish (`setLang` switches the language in place, so a live visit is not reloaded). Fails with
 * every violation found; the screen and its result are recorded for {@link a11ySummary}.
 * @param {import('playwright-core').Page} page
 * @param {string} screen  what the page shows, e.g. "family: lobby"
 * @param {{ setLang?: (lang: 'en' | 'es') => Promise<void>, ready?: () => Promise<void> }} [options]
 *   `ready` is awaited after each switch (e.g. for text that appears asynchronously).
 */
export async function expectAccessible(page, screen, options = {}) {
  const { setLang, ready } = options;
  const langs = setLang ? /** @type {const} */ (['en', 'es']) : [undefined];
  const original = page.viewportSize();
  /** @type {string[]} */
  const violations = [];
  let variants = 0;
  for (const lang of langs) {
    if (lang && setLang) await setLang(lang);
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        await settled(page);
        await ready?.();
        variants += 1;
        for (const line of await axeViolations(page))
          violations.push(`[${lang ?? 'page'} ${size} ${colorScheme}] ${line}`);
      }
    }
  }
  if (setLang) await setLang('en');
  if (original) await page.setViewportSize(original);
  await page.emulateMedia({ colorScheme: 'light' });
  results.push({ screen, variants, violations });
  assert.deepEqual(violations, [], `${screen}: ${violations.length} WCAG violation(s)`);
}

/**
 * For a `describe` block of screen checks: starts one portal stack and one Chromium before its tests, and after
 * them prints the screens checked with their results and stops both. The returned object is filled in by then.
 * @param {string} name
 * @param {Parameters<typeof startPortalStack>[0]} [options]
 */
export function useA11yStack(name, options = {}) {
  const env =
    /** @type {{ stack: Awaited<ReturnType<typeof startPortalStack>>, browser: import('playwright-core').Browser }} */ ({});
  const started = Date.now();
  before(async () => {
    env.stack = await startPortalStack({ ...options, name });
    env.browser = await launchChromium();
  });
  after(async () => {
    console.log(`\naccessibility screens (${((Date.now() - started) / 1000).toFixed(0)} s):\n${a11ySummary()}\n`);
    await env.browser?.close();
    await env.stack?.stop();
  });
  return env;
}

/** The screens checked so far with their results, as a table to print at the end of a suite. */
export function a11ySummary() {
  return results
    .map((r) => `${r.violations.length === 0 ? 'pass' : 'FAIL'}  ${r.screen} (${r.variants} variants)`)
    .join('\n');
}

/**
 * Switches a portal page's language with `?lang=` (a reload; the portal's pages hold no state).
 * @param {import('playwright-core').Page} page
 * @param {string} url  the portal's base URL
 * @param {string} path
 */
export function portalLang(page, url, path) {
  return async (/** @type {'en' | 'es'} */ lang) => {
    await page.goto(`${url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  };
}

/**
 * Switches the language of the page's `<vk-visit>` / `<vk-monitor>` in place and waits for it to render.
 * @param {import('playwright-core').Page} page
 * @param {string} [selector]
 */
export function widgetLang(page, selector = 'vk-visit') {
  return async (/** @type {'en' | 'es'} */ lang) => {
    await page.evaluate(
      ([s, l]) => {
        const widget = /** @type {HTMLElement & { updateComplete?: Promise<unknown> }} */ (document.querySelector(s));
        widget.setAttribute('lang', l);
        return widget.updateComplete;
      },
      [selector, lang],
    );
  };
}

/**
 * Every visible control (buttons, links, form fields), shadow roots included, with a label and its target box in
 * CSS px (a radio button or checkbox wrapped in its label counts with the label: the label is what you press).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ label: string, width: number, height: number, inline: boolean, left: number, right: number }[]>}
 */
export async function visibleControls(page) {
  await defineNameOf(page);
  return page.evaluate(() => {
    const SELECTOR = 'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button]';
    /** @type {Element[]} */
    const found = [];
    /** @param {Document | ShadowRoot} root */
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches(SELECTOR)) found.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found.flatMap((el) => {
      const target = el.tagName === 'INPUT' && el.closest('label') ? /** @type {Element} */ (el.closest('label')) : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') return [];
      // A link inside a sentence is exempt from 2.5.8 (its size is set by the line of text): inline, with other
      // text around it. A link alone on its line is not.
      const inline =
        el.tagName === 'A' &&
        getComputedStyle(el).display === 'inline' &&
        (el.parentElement?.textContent ?? '').trim().length > (el.textContent ?? '').trim().length;
      return [
        { label: window.__vkName(el), width: box.width, height: box.height, inline, left: box.left, right: box.right },
      ];
    });
  });
}

/**
 * Controls smaller than 24×24 CSS px (WCAG 2.2 2.5.8), inline links excepted.
 * @param {import('playwright-core').Page} page
 */
export async function smallTargets(page) {
  return (await visibleControls(page))
    .filter((c) => !c.inline && (c.width < 24 || c.height < 24))
    .map((c) => `${c.label} ${Math.round(c.width)}×${Math.round(c.height)}`);
}

/**
 * What scrolls sideways at the current width (WCAG 1.4.10 reflow): the page itself, or controls cut off at the
 * right edge. Empty when nothing is lost.
 * @param {import('playwright-core').Page} page
 */
export async function reflowProblems(page) {
  const width = page.viewportSize()?.width ?? 0;
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  const cut = (await visibleControls(page))
    .filter((c) => c.right > width + 1 || c.left < -1)
    .map((c) => `${c.label} is cut off`);
  return [...(scroll > width + 1 ? [`the page scrolls sideways: ${scroll} px wide at ${width} px`] : []), ...cut];
}

/**
 * Applies the WCAG 1.4.12 text-spacing overrides (line height 1.5, paragraph spacing 2, letter spacing 0.12,
 * word spacing 0.16 em) to the page and every shadow root, as a user style sheet would.
 * @param {import('playwright-core').Page} page
 */
export function overrideTextSpacing(page) {
  return page.evaluate(() => {
    const css =
      '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
    /** @param {Document | ShadowRoot} root */
    const apply = (root) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) apply(el.shadowRoot);
    };
    apply(document);
  });
}

/**
 * The focused element (through shadow roots) and whether a person can see it: inside the viewport and not covered
 * by another element at its centre (WCAG 2.2 2.4.11). `undefined` when focus is on the body (lost).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ label: string, visible: boolean, covered: string | undefined } | undefined>}
 */
export async function focused(page) {
  await defineNameOf(page);
  return page.evaluate(() => {
    /** @type {Element | null} */
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return undefined;
    const box = el.getBoundingClientRect();
    const label = /** @type {string} */ (window.__vkName(el));
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth && box.width > 0;
    /** @type {Element | null} */
    let hit = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    /** @param {Node | null} node @param {Node} ancestor */
    const within = (node, ancestor) => {
      for (let n = node; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null))
        if (n === ancestor) return true;
      return false;
    };
    const covered = hit && !within(hit, el) && !within(el, hit) ? hit.tagName.toLowerCase() : undefined;
    return { label, visible: inView && covered === undefined, covered };
  });
}

/**
 * Presses Tab until the focused control's label matches `name`, checking on the way that focus is never lost or
 * hidden. Fails after `limit` presses.
 * @param {import('playwright-core').Page} page
 * @param {RegExp} name
 * @param {number} [limit]
 * @returns {Promise<string[]>} the labels focused on the way (the focus order)
 */
export async function tabTo(page, name, limit = 40) {
  /** @type {string[]} */
  const order = [];
  let wrapped = false;
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    // Tab after the last control leaves the page (to the browser's own UI) once; the next Tab comes back to the top.
    if (!now && !wrapped && order.length > 0) {
      wrapped = true;
      order.push('(end of the page)');
      continue;
    }
    assert.ok(now, `focus was lost after ${order.join(' → ')}`);
    assert.ok(now.visible, `${now.label} is focused but hidden${now.covered ? ` under ${now.covered}` : ''}`);
    order.push(now.label);
    if (name.test(now.label)) return order;
  }
  assert.fail(`no control named ${name} reached with Tab: ${order.join(' → ')}`);
}

/**
 * Records what the page's live regions say (status, alert, timer, log, aria-live; shadow roots included) from the
 * moment the page loads: call on the context before `goto`. Read the list with {@link announcements}.
 * @param {import('playwright-core').BrowserContext} context
 */
export function recordAnnouncements(context) {
  return context.addInitScript(() => {
    /** @type {{ politeness: string, text: string }[]} */
    const said = [];
    Object.defineProperty(window, '__announcements', { value: said });
    /** @type {WeakMap<Element, string>} */
    const last = new WeakMap();
    const LIVE = '[role=status], [role=alert], [role=log], [role=timer], [aria-live]';
    /** @param {Node} node */
    const regionOf = (node) => {
      for (
        let n = /** @type {Node | null} */ (node);
        n;
        n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)
      ) {
        if (n instanceof Element && n.matches(LIVE)) return n;
        if (n instanceof ShadowRoot) return undefined; // a region does not reach into a child component's shadow root
      }
      return undefined;
    };
    const observer = new MutationObserver((records) => {
      /** @type {Set<Element>} */
      const regions = new Set();
      for (const r of records) {
        const region = regionOf(r.target);
        if (region) regions.add(region);
        for (const added of r.addedNodes)
          if (added instanceof Element)
            for (const el of [added, ...added.querySelectorAll(LIVE)]) if (el.matches(LIVE)) regions.add(el);
      }
      for (const region of regions) {
        const text = (region.textContent ?? '').trim().replace(/\s+/g, ' ');
        if (!text || last.get(region) === text || region.getAttribute('role') === 'timer') continue;
        last.set(region, text);
        const role = region.getAttribute('role');
        const politeness = region.getAttribute('aria-live') ?? (role === 'alert' ? 'assertive' : 'polite');
        said.push({ politeness, text });
      }
    });
    const observe = (/** @type {Node} */ root) =>
      observer.observe(root, { subtree: true, childList: true, characterData: true });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be called with .call(this) from the patch below
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (/** @type {ShadowRootInit} */ init) {
      const root = attach.call(this, init);
      observe(root);
      return root;
    };
    document.addEventListener('DOMContentLoaded', () => observe(document.body));
  });
}

/**
 * What the page's live regions have said so far (see {@link recordAnnouncements}).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ politeness: string, text: string }[]>}
 */
export function announcements(page) {
  // @ts-expect-error set by recordAnnouncements
  return page.evaluate(() => [...window.__announcements]);
}

/**
 * Controls in Chromium's accessibility tree (CDP Accessibility domain) that have no accessible name.
 * @param {import('playwright-core').Page} page
 */
export async function unnamedControls(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const CONTROLS = new Set([
      'button',
      'link',
      'checkbox',
      'radio',
      'switch',
      'textbox',
      'combobox',
      'slider',
      'menuitem',
      'tab',
      'meter',
      'dialog',
    ]);
    return nodes
      .filter((n) => !n.ignored && CONTROLS.has(String(n.role?.value)) && !String(n.name?.value ?? '').trim())
      .map((n) => `${n.role?.value} (backend node ${n.backendDOMNodeId})`);
  } finally {
    await cdp.detach();
  }
}

/**
 * How many animations run in the page, shadow roots included (`document.getAnimations()` does not look inside
 * them) — for the `prefers-reduced-motion` check.
 * @param {import('playwright-core').Page} page
 */
export function runningAnimations(page) {
  return page.evaluate(() => {
    let count = document.getAnimations().length;
    /** @param {Document | ShadowRoot} root */
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (!el.shadowRoot) continue;
        count += el.shadowRoot.getAnimations().length;
        walk(el.shadowRoot);
      }
    };
    walk(document);
    return count;
  });
}
