// A Cloudflare Worker module serving the test handler; bundled with esbuild and run by workerd (the LiveKit
// settings arrive as text bindings in `env`, as a Worker's vars and secrets do).
import { runtimeHandler } from './app.mjs';

/** @type {((request: Request) => Promise<Response>) | undefined} */
let handler;

export default {
  /**
   * @param {Request} request
   * @param {Record<string, string>} env
   */
  fetch(request, env) {
    handler ??= runtimeHandler(env);
    return handler(request);
  },
};
