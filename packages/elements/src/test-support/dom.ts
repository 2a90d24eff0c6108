/** Text of a node and every shadow root and slot below it, whitespace collapsed. */
export function deepText(node: Node): string {
  let text = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) text += `${n.textContent ?? ''} `;
    if (n instanceof HTMLStyleElement || n instanceof HTMLScriptElement) return;
    if (n instanceof Element && n.shadowRoot) n.shadowRoot.childNodes.forEach(walk);
    if (n instanceof HTMLSlotElement) n.assignedNodes({ flatten: true }).forEach(walk);
    else n.childNodes.forEach(walk);
  };
  walk(node);
  return text.replace(/\s+/g, ' ').trim();
}

/** First element matching `selector` in a shadow tree, searching nested shadow roots too. */
export function deepQuery<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T | null {
  return deepQueryAll<T>(root, selector)[0] ?? null;
}

/** Every element matching `selector` in a shadow tree, nested shadow roots included, in tree order. */
export function deepQueryAll<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T[] {
  const scope = root instanceof Element ? (root.shadowRoot ?? root) : root;
  const out: T[] = [];
  for (const el of scope.querySelectorAll('*')) {
    if (el.matches(selector)) out.push(el as T);
    if (el.shadowRoot) out.push(...deepQueryAll<T>(el.shadowRoot, selector));
  }
  return out;
}

/** The button whose text contains `label`. */
export function buttonByText(root: Element, label: string): HTMLButtonElement {
  const button = deepQueryAll<HTMLButtonElement>(root, 'button').find((b) => deepText(b).includes(label));
  if (!button) throw new Error(`no button "${label}" in ${deepText(root)}`);
  return button;
}

/** The deepest focused element, through shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Waits until the element and every Lit element inside its shadow tree have rendered. */
export async function settle(el: Element & { updateComplete?: Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await el.updateComplete;
    const parts = deepQueryAll<HTMLElement & { updateComplete?: Promise<unknown> }>(el, '*').filter(
      (n): n is HTMLElement & { updateComplete: Promise<unknown> } => n.updateComplete !== undefined,
    );
    await Promise.all(parts.map((p) => p.updateComplete));
  }
}

/**
 * Resolves when `predicate` holds, checking every animation frame. Not a timed assertion: the limit only turns
 * a hang into a readable failure that says what never happened.
 */
export async function until(predicate: () => boolean, what = 'a condition', limitMs = 20_000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > limitMs) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** An attribute-free string a hostile participant might choose as a display name. */
export const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';

/** Whether any hostile markup ran or was inserted as elements. */
export function pwned(root: Element): boolean {
  return (window as unknown as { __pwned?: number }).__pwned !== undefined || deepQuery(root, 'img[src="x"]') !== null;
}
