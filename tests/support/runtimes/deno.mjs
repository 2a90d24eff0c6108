// `deno run --allow-net --allow-env --allow-read tests/support/runtimes/deno.mjs` with PORT and LIVEKIT_* set:
// serves the test handler with Deno.serve.
import { runtimeHandler } from './app.mjs';

/** @type {{ serve(options: { hostname: string, port: number }, handler: (request: Request) => Promise<Response>): unknown, env: { toObject(): Record<string, string> }, version: { deno: string } }} */
const Deno = Reflect.get(globalThis, 'Deno');
const env = Deno.env.toObject();
Deno.serve({ hostname: '127.0.0.1', port: Number(env.PORT) }, runtimeHandler(env));
console.log(`deno ${Deno.version.deno} listening`);
