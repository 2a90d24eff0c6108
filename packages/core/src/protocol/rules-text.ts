/**
 * The SHA-256 (lowercase hex) of a rules or consent text, exactly as `<vk-prejoin>` computes it for the
 * consent it sends: whitespace runs collapse to one space and the ends are trimmed, so the same words hash
 * the same whether they come from HTML markup or a plain string. Portals use it to state the current rules
 * (`visit.rulesSha256`). Needs Web Crypto (browsers in a secure context, Node ≥ 20).
 *
 * @example
 * authorize: () => ({ ...caller, visit: { ...visit, rulesSha256: [await rulesSha256(rules.en), await rulesSha256(rules.es)] } })
 */
export async function rulesSha256(text: string): Promise<string> {
  const normalized = text.replace(/\s+/g, ' ').trim();
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalized));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
