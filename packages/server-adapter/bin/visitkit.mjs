#!/usr/bin/env node
// `npx @visitkit/server-adapter <command>`: helpers for running Visitkit. Node built-ins only.
//
//   livekit-config   writes the LiveKit server config Visitkit needs (see --help)
import { realpathSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { livekitConfigYaml, newLiveKitKeys } from './livekit-config.mjs';

const USAGE = `Usage: npx @visitkit/server-adapter livekit-config [options]

Writes a livekit-server config for Visitkit (YAML) to stdout, or to --out.

  --webhook-url URL     the adapter's webhook route, e.g. http://127.0.0.1:3000/api/visitkit/livekit/webhook
                        (repeat for several adapter instances)
  --local               loopback only: bind and advertise 127.0.0.1 (development on one machine)
  --node-ip IP          the address clients reach media on (production: the server's public IP);
                        without it and without --local, LiveKit finds its external IP itself
  --port N              signalling port (default 7880)
  --rtc-udp-port N      media UDP port (default 7882)
  --rtc-tcp-port N      media TCP fallback port (default 7881)
  --api-key KEY         default: $LIVEKIT_API_KEY, else a new random key
  --api-secret SECRET   default: $LIVEKIT_API_SECRET, else a new random secret
  --auto-create         let tokens create rooms (LiveKit's own default; Visitkit tolerates it)
  --empty-timeout S     seconds an empty room is kept (default 300)
  --departure-timeout S seconds a room is kept after the last participant left (default 60)
  --redis HOST:PORT     Redis for a multi-node cluster (repeat for a Redis cluster); it must persist its data
  --out FILE            write the config there (mode 600: it holds the secret) instead of stdout
  -h, --help            this text

Then: livekit-server --config FILE, and give the adapter LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET.`;

const integer = (name, value) => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new TypeError(`--${name} must be a whole number, not ${JSON.stringify(value)}`);
  return number;
};

/**
 * Runs the CLI with `argv` (without node and the script) and returns the exit code. Output goes to the given streams.
 * @param {string[]} argv
 * @param {{ stdout: { write(text: string): unknown }, stderr: { write(text: string): unknown }, env?: Record<string, string | undefined> }} io
 */
export function main(argv, { stdout, stderr, env = process.env }) {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command !== 'livekit-config') {
    stderr.write(`visitkit: unknown command ${JSON.stringify(command)}\n\n${USAGE}\n`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        'webhook-url': { type: 'string', multiple: true },
        local: { type: 'boolean' },
        'node-ip': { type: 'string' },
        port: { type: 'string' },
        'rtc-udp-port': { type: 'string' },
        'rtc-tcp-port': { type: 'string' },
        'api-key': { type: 'string' },
        'api-secret': { type: 'string' },
        'auto-create': { type: 'boolean' },
        'empty-timeout': { type: 'string' },
        'departure-timeout': { type: 'string' },
        redis: { type: 'string', multiple: true },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    stderr.write(`visitkit livekit-config: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  const given = {
    apiKey: values['api-key'] ?? env.LIVEKIT_API_KEY,
    apiSecret: values['api-secret'] ?? env.LIVEKIT_API_SECRET,
  };
  const generated = !given.apiKey && !given.apiSecret;
  const keys = generated ? newLiveKitKeys() : given;
  let yaml;
  try {
    yaml = livekitConfigYaml({
      apiKey: keys.apiKey,
      apiSecret: keys.apiSecret,
      webhookUrls: values['webhook-url'] ?? [],
      local: values.local === true,
      nodeIp: values['node-ip'],
      port: integer('port', values.port),
      rtcUdpPort: integer('rtc-udp-port', values['rtc-udp-port']),
      rtcTcpPort: integer('rtc-tcp-port', values['rtc-tcp-port']),
      autoCreate: values['auto-create'] === true,
      emptyTimeout: integer('empty-timeout', values['empty-timeout']),
      departureTimeout: integer('departure-timeout', values['departure-timeout']),
      redisAddresses: values.redis ?? [],
    });
  } catch (error) {
    stderr.write(`visitkit livekit-config: ${error.message.replace(/^livekit-config: /, '')}\n`);
    return 2;
  }
  if (values.out) {
    writeFileSync(values.out, yaml, { mode: 0o600 });
    stderr.write(`wrote ${values.out}\n`);
  } else {
    stdout.write(yaml);
  }
  if (generated) {
    // The adapter needs the same key and secret: say them once, on stderr, so `> livekit.yaml` stays clean.
    const host = values.local ? '127.0.0.1' : 'your-livekit-host';
    stderr.write(
      `# give the server adapter:\nLIVEKIT_URL=ws://${host}:${integer('port', values.port) ?? 7880}\nLIVEKIT_API_KEY=${keys.apiKey}\nLIVEKIT_API_SECRET=${keys.apiSecret}\n`,
    );
  }
  return 0;
}

/** Whether this file is the program being run (also through npm's bin symlink). */
function isMain() {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
}
