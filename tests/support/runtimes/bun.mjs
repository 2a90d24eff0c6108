// `bun run tests/support/runtimes/bun.mjs` with PORT and LIVEKIT_* set: serves the test handler with Bun.serve.
import { runtimeHandler } from './app.mjs';

/** @type {{ serve(options: { hostname: string, port: number, fetch: (request: Request) => Promise<Response> }): unknown }} */
const Bun = Reflect.get(globalThis, 'Bun');
Bun.serve({ hostname: '127.0.0.1', port: Number(process.env.PORT), fetch: runtimeHandler(process.env) });
console.log(`bun ${process.versions.bun} listening`);
