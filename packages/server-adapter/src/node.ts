import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse } from './http-error.js';

/** A Fetch-API handler, optionally with the base path it answers under (as `createVisitHandler` returns). */
export type FetchHandler = ((request: Request) => Promise<Response>) & { readonly basePath?: string };

/** A node:http listener that also works as Express/Connect middleware. */
export type NodeListener = (
  req: IncomingMessage & { originalUrl?: string; body?: unknown },
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /** Bodies above this many bytes are refused with 413 before reaching the handler. Default 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * Adapts a Fetch-API handler to node:http. As Express middleware (`app.use(listener)`), requests outside
 * the handler's `basePath` go to `next()`. Mount it before body parsers: webhooks are verified against the
 * raw body (a `Buffer`/string `req.body` left by a raw parser is used as is).
 *
 * @example
 * import { createServer } from 'node:http';
 * createServer(toNodeListener(handle)).listen(3000);
 * // or: app.use(toNodeListener(handle));
 */
export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}): NodeListener {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return async (req, res, next) => {
    const path = (req.originalUrl ?? req.url ?? '/').split('?')[0] ?? '/';
    const basePath = handler.basePath;
    if (next && basePath && path !== basePath && !path.startsWith(`${basePath}/`)) {
      next();
      return;
    }
    try {
      const body = await readBody(req, maxBodyBytes);
      if (body === 'too-large') {
        await send(res, errorResponse('payload-too-large', `The request body is larger than ${maxBodyBytes} bytes.`));
        return;
      }
      await send(res, await handler(toRequest(req, body)));
    } catch (error) {
      if (next) next(error);
      else if (!res.headersSent) await send(res, errorResponse('internal', 'Something went wrong on the server.'));
      else res.destroy();
    }
  };
}

function toRequest(
  req: IncomingMessage & { originalUrl?: string },
  body: Uint8Array<ArrayBuffer> | undefined,
): Request {
  const host = req.headers.host ?? 'localhost';
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else headers.set(key, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && body !== undefined && body.byteLength > 0;
  return new Request(`${protocol}://${host}${req.originalUrl ?? req.url ?? '/'}`, {
    method,
    headers,
    ...(hasBody ? { body } : {}),
  });
}

async function readBody(
  req: IncomingMessage & { body?: unknown },
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined | 'too-large'> {
  if (typeof req.body === 'string') return new TextEncoder().encode(req.body);
  // A copy on its own ArrayBuffer: a Request body is typed over a plain ArrayBuffer, and a Buffer is often a view
  // into Node's shared pool.
  if (req.body instanceof Uint8Array) return new Uint8Array(req.body);
  if (req.readableEnded) return undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) return 'too-large';
    chunks.push(chunk);
  }
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  // Text goes out as a string: node:http then sends headers and body in one write instead of a writev.
  const isText = /^(application\/(.+\+)?json|text\/)/.test(response.headers.get('content-type') ?? '');
  const body = !response.body ? undefined : isText ? await response.text() : Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = key === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  headers['content-length'] = String(
    body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
  );
  res.writeHead(response.status, headers);
  res.end(body);
}
