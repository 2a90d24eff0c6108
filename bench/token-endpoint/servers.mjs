// Child process of the token-endpoint benchmark: serves the token route (real handler, real LiveKit room
// creation, cached after the first request) and a bare node:http JSON endpoint, so the load generator in the
// parent does not compete for this process's event loop. Prints one JSON line with the ports when ready.
import { createServer } from 'node:http';
import { createVisitHandler, MemoryVisitStore } from '@visitkit/server-adapter';
import { toNodeListener } from '@visitkit/server-adapter/node';

const livekit = JSON.parse(process.env.BENCH_LIVEKIT ?? '{}');

const handle = createVisitHandler({
  livekit,
  basePath: '/api/visitkit',
  store: new MemoryVisitStore(),
  // Stands in for a portal's session lookup: the caller is in a header (benchmark only).
  authorize: (request) => JSON.parse(request.headers.get('x-bench-caller') ?? 'null'),
  onEvent: () => {},
  log: (level, message) => process.stderr.write(`${level} ${message}\n`),
});

const listener = toNodeListener(handle);
const adapter = createServer({ keepAliveTimeout: 30_000 }, (req, res) => void listener(req, res));

// The baseline: read the body, answer a small JSON document. No framework, no validation.
const bare = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.stringify({
      ok: true,
      received: Buffer.concat(chunks).length,
      server_time: new Date().toISOString(),
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});

const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const ports = { adapter: await listen(adapter), bare: await listen(bare) };
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.on('message', (message) => {
  if (message === 'stop') {
    adapter.close();
    bare.close();
    adapter.closeAllConnections();
    bare.closeAllConnections();
    process.exit(0);
  }
});
