// A small round-robin load balancer for the cluster harness, standing where production has nginx, HAProxy or a
// cloud load balancer: one in front of the LiveKit nodes (clients and the adapter use one URL) and one in front of
// the adapter instances (browsers and LiveKit's webhooks use one URL). HTTP requests and WebSocket upgrades are
// passed through with the Host header kept; a backend that refuses or drops a connection before answering is
// skipped (the request goes to the next one) and left out for `deadMs`. Loopback only. Node built-ins only.
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/**
 * @typedef {object} LoadBalancer
 * @property {string} url        http://127.0.0.1:<port>
 * @property {number} port
 * @property {string[]} backends the backends' base URLs (http://host:port), in round-robin order
 * @property {Map<string, number>} served how many requests and upgrades each backend took
 * @property {(index: number, url: string) => void} setBackend points backend `index` somewhere else (a restarted node)
 * @property {() => Promise<void>} stop closes the listener and every connection passing through
 */

/** Errors that mean "this backend is not there": try the next one. */
const DEAD = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);

/**
 * Starts a load balancer on a free loopback port (or `port`).
 *
 * @param {{ backends: string[], port?: number, deadMs?: number }} options
 * @returns {Promise<LoadBalancer>}
 * @example
 * const lb = await startLoadBalancer({ backends: ['http://127.0.0.1:7880', 'http://127.0.0.1:7890'] });
 * // ws://127.0.0.1:<lb.port> now reaches either node
 */
export async function startLoadBalancer(options) {
  const { backends, deadMs = 2000 } = options;
  if (!Array.isArray(backends) || backends.length === 0) throw new TypeError('load balancer: at least one backend');
  const target = (/** @type {string} */ url) => {
    const parsed = new URL(url);
    return { url, host: parsed.hostname, port: Number(parsed.port), deadUntil: 0 };
  };
  const targets = backends.map(target);
  /** @type {Map<string, number>} */
  const served = new Map(backends.map((url) => [url, 0]));
  let next = 0;
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();

  /** Backends in the order to try for one request: round robin, the ones marked dead last. */
  function order() {
    const start = next;
    next = (next + 1) % targets.length;
    const rotated = targets.map((_, i) => targets[(start + i) % targets.length]);
    const now = Date.now();
    return [...rotated.filter((t) => t.deadUntil <= now), ...rotated.filter((t) => t.deadUntil > now)];
  }

  const markDead = (/** @type {{ deadUntil: number }} */ target) => {
    target.deadUntil = Date.now() + deadMs;
  };

  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tries = order();
      const attempt = (/** @type {number} */ index) => {
        const target = tries[index];
        if (!target) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end('no backend available\n');
          return;
        }
        const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
        const upstream = httpRequest(
          { host: target.host, port: target.port, method: req.method, path: req.url, headers },
          (answer) => {
            served.set(target.url, (served.get(target.url) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          if (DEAD.has(error.code ?? '')) {
            markDead(target);
            attempt(index + 1);
          } else {
            res.writeHead(502, { 'content-type': 'text/plain' }).end(`backend error: ${error.code ?? error.message}\n`);
          }
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  // WebSocket (LiveKit signalling): replay the upgrade request to a backend, then splice the two sockets.
  server.on('upgrade', (req, client, head) => {
    const tries = order();
    const rawHead = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) rawHead.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    const request = Buffer.from(`${rawHead.join('\r\n')}\r\n\r\n`, 'latin1');
    const attempt = (/** @type {number} */ index) => {
      const target = tries[index];
      if (!target) {
        client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
        return;
      }
      const upstream = connect({ host: target.host, port: target.port });
      sockets.add(upstream);
      let connected = false;
      upstream.on('connect', () => {
        connected = true;
        served.set(target.url, (served.get(target.url) ?? 0) + 1);
        upstream.write(request);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => {
        if (connected) return client.destroy();
        markDead(target);
        attempt(index + 1);
      });
      upstream.on('close', () => {
        sockets.delete(upstream);
        if (connected) client.destroy();
      });
    };
    client.on('error', () => client.destroy());
    attempt(0);
  });

  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopping;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get backends() {
      return targets.map((t) => t.url);
    },
    served,
    setBackend: (index, url) => {
      targets[index] = target(url);
      served.set(url, 0);
    },
    stop: () => {
      stopping ??= new Promise((resolveStop) => {
        server.close(() => resolveStop(undefined));
        for (const socket of sockets) socket.destroy();
      });
      return stopping;
    },
  };
}
