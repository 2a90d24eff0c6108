// Mounts a Fetch-API handler (`(Request) => Promise<Response>`) in the @web/test-runner dev server (Koa),
// so browser tests talk to the real server adapter over real HTTP on the same origin.

/** Reads a Node request body completely (the handler verifies webhook signatures over the raw bytes). */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A Fetch `Request` for a Node `IncomingMessage`. */
export async function toFetchRequest(req, origin) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
  return new Request(new URL(req.url ?? '/', origin), { method, headers, body });
}

/** Writes a Fetch `Response` to a Node `ServerResponse`. */
export async function writeFetchResponse(response, res) {
  const headers = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, response.statusText, headers);
  res.end(body);
}

/**
 * Koa middleware that hands every request under `basePath` to `handler` and everything else on.
 *
 * @param {string} basePath e.g. `/api/visitkit`
 * @param {(request: Request) => Promise<Response>} handler
 * @example
 * export default { middleware: [fetchHandlerMiddleware('/api/visitkit', handler)] };
 */
export function fetchHandlerMiddleware(basePath, handler) {
  return async (ctx, next) => {
    if (ctx.path !== basePath && !ctx.path.startsWith(`${basePath}/`)) return next();
    ctx.respond = false; // we write the Node response ourselves
    try {
      const request = await toFetchRequest(ctx.req, `http://${ctx.host}`);
      await writeFetchResponse(await handler(request), ctx.res);
    } catch (error) {
      console.error(`[wtr] ${ctx.method} ${ctx.url} failed in the visit API handler:`, error);
      if (!ctx.res.headersSent) ctx.res.writeHead(500, { 'content-type': 'application/json' });
      ctx.res.end(JSON.stringify({ error: { code: 'internal', message: 'test server error' } }));
    }
  };
}
