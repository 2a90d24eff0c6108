/**
 * `decodeURIComponent` that answers `undefined` instead of throwing on malformed percent-encoding
 * (`/family/visits/%E0%A4%A`), so such a URL is a 400, not a 500.
 *
 * @example
 * decodePath('%E0%A4%A'); // undefined
 */
export function decodePath(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
