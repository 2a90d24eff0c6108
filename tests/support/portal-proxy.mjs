// A small HTTP proxy for one browser, so a scenario can cut that browser's network (and only that browser's)
// in the middle of a visit: page loads, token requests and LiveKit's signalling WebSocket all go through it.
// Chromium tunnels WebSockets with CONNECT and sends plain HTTP as absolute-URI requests; both are handled.
// With `disable_non_proxied_udp`, Chromium sends WebRTC media over ICE-TCP through the proxy as well, so a cut
// stops media and signalling together, like a phone losing its network.
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/**
 * @returns {Promise<{ url: string, chromiumArgs: string[], cut(): void, restore(): void, close(): Promise<void> }>}
 */
export async function startCuttableProxy() {
  const sockets = new Set();
  let cut = false;
  const track = (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((req, res) => {
    if (cut) return req.socket.destroy();
    const target = new URL(req.url);
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
      },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', track);
  server.on('connect', (req, client, head) => {
    if (cut) return client.destroy();
    const [host, port] = req.url.split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    url,
    // `<-loopback>` removes Chromium's implicit proxy bypass for localhost.
    chromiumArgs: [
      `--proxy-server=${url}`,
      '--proxy-bypass-list=<-loopback>',
      '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    ],
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
