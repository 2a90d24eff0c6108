// The LiveKit server configuration Visitkit needs, as YAML. One function, used by the CLI
// (`npx @visitkit/server-adapter livekit-config …`) and by this project's own test harness
// (scripts/lib/livekit-server.mjs), so the documented config is the one every test runs against.
// Plain JavaScript with Node built-ins only: the harness imports it without a build step.
import { randomBytes } from 'node:crypto';

/**
 * @typedef {object} LiveKitConfigOptions
 * @property {string} apiKey               API key the adapter signs tokens with (also signs webhooks)
 * @property {string} apiSecret            its secret, at least 32 characters
 * @property {string[]} [webhookUrls]      where LiveKit posts webhooks: `<portal>/api/visitkit/livekit/webhook`
 * @property {number} [port]               signalling / RoomService port (default 7880)
 * @property {number} [rtcUdpPort]         single UDP port for media (default 7882)
 * @property {number} [rtcTcpPort]         TCP fallback port for media (default 7881)
 * @property {boolean} [local]             loopback only: bind 127.0.0.1, advertise 127.0.0.1, STUN on loopback
 *                                         (for development on one machine; default false)
 * @property {string} [nodeIp]             the address clients reach media on (production: your server's public IP)
 * @property {boolean} [autoCreate]        let a valid token create its room (default false; Visitkit tolerates true)
 * @property {number} [emptyTimeout]       seconds an empty room is kept (default 300)
 * @property {number} [departureTimeout]   seconds a room is kept after the last participant left (default 60)
 * @property {string} [logLevel]           default `info`
 * @property {string[]} [redisAddresses]   not used for one node; `host:port` of Redis for a cluster (every node the same;
 *                                         also makes RoomService list participants from the hosting node, not Redis)
 */

const KEY_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

/**
 * Checks options and fills in defaults; throws a TypeError that says what is wrong.
 * @param {LiveKitConfigOptions} options
 */
function normalize(options) {
  if (!options || typeof options !== 'object') throw new TypeError('livekit-config: options are required');
  const { apiKey, apiSecret } = options;
  if (typeof apiKey !== 'string' || !KEY_PATTERN.test(apiKey)) {
    throw new TypeError('livekit-config: apiKey must be 3–64 letters, digits, "_" or "-"');
  }
  if (typeof apiSecret !== 'string' || apiSecret.length < 32 || /\s/.test(apiSecret)) {
    throw new TypeError(
      'livekit-config: apiSecret must be at least 32 characters without spaces (LiveKit refuses shorter ones)',
    );
  }
  const port = (name, value, fallback) => {
    const result = value ?? fallback;
    if (!Number.isInteger(result) || result < 1 || result > 65535)
      throw new TypeError(`livekit-config: ${name} must be a port number`);
    return result;
  };
  const seconds = (name, value, fallback) => {
    const result = value ?? fallback;
    if (!Number.isInteger(result) || result < 1)
      throw new TypeError(`livekit-config: ${name} must be a whole number of seconds ≥ 1`);
    return result;
  };
  const webhookUrls = options.webhookUrls ?? [];
  for (const url of webhookUrls) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`livekit-config: webhook URL ${JSON.stringify(url)} is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TypeError(`livekit-config: webhook URL ${JSON.stringify(url)} must be http(s)`);
    }
  }
  const local = options.local === true;
  const nodeIp = options.nodeIp ?? (local ? '127.0.0.1' : undefined);
  if (nodeIp !== undefined && !/^[0-9a-fA-F.:]+$/.test(nodeIp))
    throw new TypeError('livekit-config: nodeIp must be an IP address');
  return {
    apiKey,
    apiSecret,
    webhookUrls,
    local,
    nodeIp,
    port: port('port', options.port, 7880),
    rtcUdpPort: port('rtcUdpPort', options.rtcUdpPort, 7882),
    rtcTcpPort: port('rtcTcpPort', options.rtcTcpPort, 7881),
    autoCreate: options.autoCreate === true,
    emptyTimeout: seconds('emptyTimeout', options.emptyTimeout, 300),
    departureTimeout: seconds('departureTimeout', options.departureTimeout, 60),
    logLevel: options.logLevel ?? 'info',
    redisAddresses: options.redisAddresses ?? [],
  };
}

/**
 * The `livekit-server --config` YAML for Visitkit.
 *
 * What Visitkit relies on: `keys` holding the adapter's key; `webhook.api_key` being one of those keys (LiveKit signs
 * webhooks with it) and `webhook.urls` pointing at the adapter's webhook route; a single UDP port plus a TCP fallback
 * for media; `rtc.congestion_control.allow_pause` (audio first: video is paused for a congested subscriber, not
 * audio). `room.auto_create` may be either: the adapter creates every visit's room with its policy, and re-polices
 * or closes rooms LiveKit created by itself. `departure_timeout` is how long a dropped participant can come back to the
 * same room.
 *
 * @param {LiveKitConfigOptions} options
 * @returns {string}
 * @example
 * livekitConfigYaml({ apiKey: 'APIvisits', apiSecret, webhookUrls: ['https://portal.example.org/api/visitkit/livekit/webhook'] })
 */
export function livekitConfigYaml(options) {
  const o = normalize(options);
  const lines = [`port: ${o.port}`];
  if (o.local) lines.push('bind_addresses: ["127.0.0.1"]');
  lines.push(`log_level: ${o.logLevel}`, 'rtc:', `  tcp_port: ${o.rtcTcpPort}`, `  udp_port: ${o.rtcUdpPort}`);
  if (o.nodeIp) lines.push(`  node_ip: ${o.nodeIp}`, '  use_external_ip: false');
  else lines.push('  use_external_ip: true');
  // Audio first: a subscriber whose link cannot carry even the lowest video layer gets its video paused (the client
  // shows "Video paused — weak connection") instead of a starved link that also drops audio. LiveKit's default is
  // false: it keeps forwarding the lowest layer however congested the subscriber is.
  lines.push('  congestion_control:', '    enabled: true', '    allow_pause: true');
  if (o.local) {
    lines.push(
      '  enable_loopback_candidate: true',
      // Without this, clients are handed public STUN defaults they cannot reach from a closed machine.
      `  stun_servers: ["127.0.0.1:${o.rtcUdpPort}"]`,
      // Loopback only: without this LiveKit also offers the machine's other addresses (an IPv6 ULA, say) as media
      // candidates, and a client may reach it around anything placed on the loopback path.
      '  ips:',
      '    includes: ["127.0.0.1/32"]',
    );
  }
  lines.push('keys:', `  ${o.apiKey}: ${o.apiSecret}`);
  lines.push(
    'room:',
    `  auto_create: ${o.autoCreate ? 'true' : 'false'}`,
    `  empty_timeout: ${o.emptyTimeout}`,
    `  departure_timeout: ${o.departureTimeout}`,
  );
  if (o.webhookUrls.length > 0) {
    lines.push('webhook:', `  api_key: ${o.apiKey}`, '  urls:');
    for (const url of o.webhookUrls) lines.push(`    - ${JSON.stringify(url)}`);
  }
  if (o.redisAddresses.length > 0) {
    // A cluster: ask the node hosting a room who is in it. By default LiveKit answers ListParticipants from Redis,
    // which keeps listing the sessions of a node that died (so an outage would look like presence) and lists no one
    // after a Redis restart.
    lines.push('api:', '  enable_psrpc_for_get_list_participants: true');
  }
  if (o.redisAddresses.length > 0)
    lines.push(
      '# Redis must keep its data across restarts (appendonly yes + appendfsync everysec, or a replica): LiveKit never',
      "# writes a room's node again, and an empty Redis can split a room in two (docs/deploy.md, Visitkit).",
    );
  if (o.redisAddresses.length === 1) lines.push('redis:', `  address: ${o.redisAddresses[0]}`);
  else if (o.redisAddresses.length > 1) {
    lines.push('redis:', '  cluster_addresses:');
    for (const address of o.redisAddresses) lines.push(`    - ${address}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A fresh API key and secret in the form LiveKit accepts. */
export function newLiveKitKeys() {
  return { apiKey: `APIvk${randomBytes(6).toString('hex')}`, apiSecret: randomBytes(24).toString('hex') };
}
