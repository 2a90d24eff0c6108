import type { output, ZodMiniType } from 'zod/mini';
import { VisitHttpError } from './http-error.js';
import { ENGLISH_ISSUES } from './issue-messages.js';

/** Default largest request body the routes accept (bytes). Visitkit's bodies are tiny. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a request body as text, refusing anything over `maxBytes` (413). A declared `content-length` is
 * checked before reading (the HTTP parser frames the body by it); without one, bytes are counted as they
 * stream in and reading stops as soon as the limit is passed.
 */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return '';
  const bytes = request.headers.has('content-length')
    ? new Uint8Array(await request.arrayBuffer())
    : await readCapped(request.body, maxBytes);
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw VisitHttpError.badRequest('The request body is not UTF-8 text.');
  }
}

/** Reads a stream of unknown length, stopping as soon as it passes `maxBytes`. */
async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function notJson(): VisitHttpError {
  return new VisitHttpError('unsupported-media-type', 'Send the request body as application/json.');
}

function tooLarge(maxBytes: number): VisitHttpError {
  return new VisitHttpError('payload-too-large', `The request body is larger than ${maxBytes} bytes.`);
}

/** Whether a content type is JSON (`application/json`, `application/webhook+json`, any `+json`). */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Reads and validates a JSON body with a protocol schema. A request that declares a content type must declare
 * JSON, even with an empty body (415 otherwise): a cross-site HTML form always sends its own type, so it can
 * never pass as an empty JSON request. A bare `POST` with neither body nor content type (curl, a backend)
 * counts as `{}`; a non-empty body must be declared as JSON. Malformed or invalid JSON is 400.
 */
export async function readJson<Schema extends ZodMiniType>(
  request: Request,
  schema: Schema,
  maxBytes: number,
): Promise<output<Schema>> {
  const contentType = request.headers.get('content-type');
  if (contentType !== null && !isJsonContentType(contentType)) throw notJson();
  const text = await readText(request, maxBytes);
  let json: unknown = {};
  if (text.trim() !== '') {
    if (contentType === null) throw notJson();
    try {
      json = JSON.parse(text);
    } catch {
      throw VisitHttpError.badRequest('The request body is not valid JSON.');
    }
  }
  const result = schema.safeParse(json, ENGLISH_ISSUES);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw VisitHttpError.badRequest(`Invalid request body. ${where}${issue?.message ?? 'invalid value'}`);
  }
  return result.data;
}
