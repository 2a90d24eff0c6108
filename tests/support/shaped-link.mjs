// A shaped network link between browsers and LiveKit, in user space, on loopback only.
//
// Why user space: the kernel here has `tbf`/`htb` but no `netem`, so it can cap a rate but cannot add delay or
// loss. Chromium's simulated-network field trials shape only WebRTC media, not the signalling WebSocket, and cannot
// be measured from outside. A relay that every packet crosses can do all three (rate, delay, loss) plus outages,
// to signalling and media alike, deterministically (seeded loss), and its effect can be measured through it before
// any figure is trusted (see `probeLink`).
//
// How it sits in the path: LiveKit binds 127.0.0.1 and advertises `relayHost` (127.0.0.2 by default) as its media
// address (`node_ip`); the relay listens on `relayHost` at LiveKit's own UDP and signalling port numbers and forwards
// to 127.0.0.1. Clients use `ws://relayHost:port`, so everything they exchange with LiveKit crosses the relay. Each
// direction is a bottleneck: packets are serialised at the profile's rate behind a drop-tail queue (`queueMs` of
// data), then delayed by half the RTT; UDP packets are lost at random with the profile's loss rate. TCP is
// reliable, so on TCP loss shows only as the delay and rate; during an outage TCP data is held, UDP is dropped.
import { createSocket } from 'node:dgram';
import { createServer, connect } from 'node:net';

/**
 * @typedef {object} LinkProfile
 * @property {string} name
 * @property {number} downKbps      LiveKit → client capacity, kbit/s (Infinity: no cap)
 * @property {number} upKbps        client → LiveKit capacity, kbit/s
 * @property {number} rttMs         round-trip time the link adds
 * @property {number} lossPercent   random UDP loss per direction, percent
 * @property {number} queueMs       drop-tail queue depth, in ms of data at the link's rate
 */

/** @type {Record<'loopback' | '4g' | '3g' | 'edge', LinkProfile>} */
export const PROFILES = {
  loopback: { name: 'loopback', downKbps: Infinity, upKbps: Infinity, rttMs: 0, lossPercent: 0, queueMs: 1000 },
  '4g': { name: '4g', downKbps: 10_000, upKbps: 10_000, rttMs: 40, lossPercent: 0, queueMs: 200 },
  '3g': { name: '3g', downKbps: 1_500, upKbps: 750, rttMs: 150, lossPercent: 1, queueMs: 300 },
  edge: { name: 'edge', downKbps: 250, upKbps: 250, rttMs: 400, lossPercent: 3, queueMs: 500 },
};

/** Small, seedable PRNG (mulberry32) so a profile's losses are the same from run to run. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One direction of the link: a rate-limited, drop-tail queue followed by a fixed delay. Deliveries keep their order.
 */
class Pipe {
  /**
   * @param {() => LinkProfile} profile
   * @param {'up' | 'down'} direction
   * @param {() => number} random
   * @param {() => boolean} isOut  true while an outage is on
   */
  constructor(profile, direction, random, isOut) {
    this.profile = profile;
    this.direction = direction;
    this.random = random;
    this.isOut = isOut;
    /** When the bottleneck finishes sending what is queued, ms (performance.now()). */
    this.busyUntil = 0;
    /** @type {{ at: number, deliver: () => void, reliable: boolean }[]} */
    this.queue = [];
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined;
    this.stats = { packets: 0, bytes: 0, lost: 0, overflow: 0, outage: 0 };
  }

  /**
   * @param {number} size bytes
   * @param {() => void} deliver
   * @param {{ reliable?: boolean }} [options] reliable (TCP) data is never dropped
   */
  send(size, deliver, options = {}) {
    const p = this.profile();
    const now = performance.now();
    this.stats.packets += 1;
    if (!options.reliable) {
      if (this.isOut()) {
        this.stats.outage += 1;
        return;
      }
      if (p.lossPercent > 0 && this.random() * 100 < p.lossPercent) {
        this.stats.lost += 1;
        return;
      }
    }
    const kbps = this.direction === 'up' ? p.upKbps : p.downKbps;
    const start = Math.max(now, this.busyUntil);
    if (!options.reliable && start - now > p.queueMs) {
      this.stats.overflow += 1;
      return;
    }
    const serialise = Number.isFinite(kbps) ? (size * 8) / kbps : 0; // ms, since kbit/s = bit/ms
    this.busyUntil = start + serialise;
    this.stats.bytes += size;
    this.queue.push({ at: this.busyUntil + p.rttMs / 2, deliver, reliable: options.reliable === true });
    this.schedule();
  }

  schedule() {
    if (this.timer || this.queue.length === 0 || this.isOut()) return;
    const wait = Math.max(0, this.queue[0].at - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** An outage starts: datagrams in flight are lost; reliable data waits for the link to come back. */
  interrupt() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stats.outage += this.queue.filter((entry) => !entry.reliable).length;
    this.queue = this.queue.filter((entry) => entry.reliable);
  }

  /** The link is back: the queue restarts from now. */
  resume() {
    const now = performance.now();
    const late = Math.max(0, now - (this.queue[0]?.at ?? now));
    for (const entry of this.queue) entry.at += late;
    this.busyUntil = Math.max(this.busyUntil + late, now);
    this.flush();
  }

  flush() {
    if (this.isOut()) return;
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0].at <= now + 0.5) this.queue.shift()?.deliver();
    this.schedule();
  }

  close() {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }
}

/**
 * @typedef {object} ShapedLink
 * @property {string} host           where clients connect (the relay's address)
 * @property {(group: string) => void} startGroup  flows that open from now on belong to `group` (default "default"):
 *   open the facility's side in one group and the family's in another to shape or cut them apart
 * @property {(profile: LinkProfile, group?: string) => void} setProfile   reshape a group's flows, or all, and new ones
 * @property {(on: boolean, group?: string) => void} setOutage  start or end an outage of a group's flows, or of all;
 *   as on a phone that lost its network: open connections stall (TCP data held, UDP dropped), a new TCP connection
 *   is refused at once, and UDP flows that open during it are cut too
 * @property {(ms: number, group?: string) => Promise<void>} outage  drop everything for `ms`, then carry on
 * @property {(group?: string) => { up: Pipe['stats'], down: Pipe['stats'] }} stats   totals over a group's flows, or all
 * @property {() => Promise<void>} close
 */

/**
 * Starts a relay on `host` that forwards the given UDP and TCP ports to the same port numbers on `targetHost`,
 * shaped by `profile`. Each flow (a client's UDP 5-tuple, a TCP connection) gets its own link of that shape, so two
 * browsers on one relay do not share one bottleneck.
 *
 * @param {object} options
 * @param {LinkProfile} options.profile
 * @param {number[]} [options.udpPorts]     UDP ports to relay (LiveKit's `rtc.udp_port`)
 * @param {number[]} [options.tcpPorts]     TCP ports to relay (signalling; an HTTP server clients talk to)
 * @param {string} [options.host]           relay address, a loopback address other than the target's
 * @param {string} [options.targetHost]
 * @param {number} [options.seed]           seeds the loss pattern
 * @returns {Promise<ShapedLink>}
 */
export async function startShapedLink({
  profile,
  udpPorts = [],
  tcpPorts = [],
  host = '127.0.0.2',
  targetHost = '127.0.0.1',
  seed = 1,
}) {
  if (!/^127\./.test(host) || !/^127\./.test(targetHost)) throw new Error('shaped-link: loopback addresses only');
  const random = seededRandom(seed);
  let group = 'default';
  /** What a group's new flows get; a group not listed gets `profile`. */
  const groupProfiles = new Map();
  /** Groups under an outage (`undefined`: every group), so that flows opening during it start cut. */
  const groupsOut = new Set();
  /** Whether a flow opening now (in the current group) is under an outage. */
  const isOut = () => groupsOut.has(undefined) || groupsOut.has(group);
  /**
   * Every flow so far (a UDP 5-tuple, a TCP connection), each as if on its own link.
   * @type {Set<{ group: string, profile: LinkProfile, out: boolean, up: Pipe, down: Pipe }>}
   */
  const flows = new Set();
  const newLink = () => {
    const out = isOut();
    /** @type {{ group: string, profile: LinkProfile, out: boolean, up: Pipe, down: Pipe }} */
    const flow = { group, profile: groupProfiles.get(group) ?? profile, out, up: undefined, down: undefined };
    flow.up = new Pipe(
      () => flow.profile,
      'up',
      random,
      () => flow.out,
    );
    flow.down = new Pipe(
      () => flow.profile,
      'down',
      random,
      () => flow.out,
    );
    flows.add(flow);
    return flow;
  };
  const inGroup = (name) => [...flows].filter((flow) => name === undefined || flow.group === name);
  /** @type {(() => void)[]} */
  const closers = [];

  for (const port of udpPorts) {
    const front = createSocket('udp4');
    /** client "address:port" → the socket that speaks for it to the target */
    const sessions = new Map();
    front.on('message', (message, from) => {
      const key = `${from.address}:${from.port}`;
      let session = sessions.get(key);
      if (!session) {
        const socket = createSocket('udp4');
        const link = newLink();
        socket.on('message', (reply) => link.down.send(reply.length, () => front.send(reply, from.port, from.address)));
        socket.on('error', () => {});
        socket.bind(0, targetHost);
        session = { socket, link };
        sessions.set(key, session);
      }
      const { socket, link } = session;
      link.up.send(message.length, () => socket.send(message, port, targetHost));
    });
    front.on('error', () => {});
    await new Promise((resolve, reject) => {
      front.once('error', reject);
      front.bind(port, host, () => resolve(undefined));
    });
    closers.push(() => {
      front.close();
      for (const { socket } of sessions.values()) socket.close();
    });
  }

  for (const port of tcpPorts) {
    /** @type {Set<import('node:net').Socket>} */
    const sockets = new Set();
    const server = createServer((client) => {
      if (isOut()) {
        client.destroy();
        return;
      }
      const target = connect(port, targetHost);
      sockets.add(client).add(target);
      const link = newLink();
      const relay = (from, to, pipe) => {
        from.on('data', (chunk) => pipe.send(chunk.length, () => to.writable && to.write(chunk), { reliable: true }));
        from.on('end', () => pipe.send(0, () => to.end(), { reliable: true }));
        from.on('error', () => to.destroy());
        from.on('close', () => sockets.delete(from));
      };
      relay(client, target, link.up);
      relay(target, client, link.down);
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(undefined));
    });
    closers.push(() => {
      server.close();
      for (const socket of sockets) socket.destroy();
    });
  }

  /** @param {boolean} on @param {string} [name] */
  const hold = (on, name) => {
    if (on) groupsOut.add(name);
    else if (name === undefined) groupsOut.clear();
    else groupsOut.delete(name);
    for (const flow of inGroup(name)) {
      if (flow.out === on) continue;
      flow.out = on;
      for (const pipe of [flow.up, flow.down]) {
        if (on) pipe.interrupt();
        else pipe.resume();
      }
    }
  };

  return {
    host,
    startGroup: (name) => {
      group = name;
    },
    setProfile: (next, name) => {
      if (name === undefined) profile = next;
      else groupProfiles.set(name, next);
      for (const flow of inGroup(name)) flow.profile = next;
    },
    setOutage: hold,
    outage: async (ms, name) => {
      hold(true, name);
      await new Promise((resolve) => setTimeout(resolve, ms));
      hold(false, name);
    },
    stats: (name) => {
      const sum = () => ({ packets: 0, bytes: 0, lost: 0, overflow: 0, outage: 0 });
      const total = { up: sum(), down: sum() };
      for (const flow of inGroup(name)) {
        for (const direction of /** @type {const} */ (['up', 'down'])) {
          for (const [key, value] of Object.entries(flow[direction].stats)) total[direction][key] += value;
        }
      }
      return total;
    },
    close: async () => {
      for (const flow of flows) {
        flow.up.close();
        flow.down.close();
      }
      for (const close of closers) close();
    },
  };
}

/**
 * Measures a link through a UDP echo: RTT (median of spaced probes), loss (percent of probes not echoed) and the
 * capacity each way (a burst at twice the profile's rate, measured at the far end). Proves a profile took effect.
 *
 * @param {LinkProfile} profile
 * @param {{ probes?: number, burstMs?: number }} [options]
 * @returns {Promise<{ rttMs: number, lossPercent: number, upKbps: number, downKbps: number }>}
 */
export async function probeLink(profile, { probes = 200, burstMs = 1500 } = {}) {
  // The far end: echoes small probes, counts burst bytes sent up, and on request sends a burst down.
  const echo = createSocket('udp4');
  await new Promise((resolve) => echo.bind(0, '127.0.0.1', () => resolve(undefined)));
  const port = echo.address().port;
  let upBytes = 0;
  /** @type {number[]} */
  const upTimes = [];
  /** @type {Promise<void> | undefined} */
  let downBurst;
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const rate = (kbps) => (Number.isFinite(kbps) ? kbps : 50_000);
  /** Sends 1000-byte packets at twice `kbps` for `burstMs`, paced (a sender does not dump them all at once). */
  const burst = async (kbps, emit) => {
    const packets = Math.ceil((rate(kbps) * 2 * burstMs) / 8 / 1000);
    const every = burstMs / packets;
    const started = performance.now();
    for (let i = 0; i < packets; i++) {
      emit();
      const wait = started + (i + 1) * every - performance.now();
      if (wait > 1) await pause(wait);
    }
  };
  echo.on('message', (message, from) => {
    const kind = message.readUInt8(0);
    if (kind === 1) echo.send(message, from.port, from.address);
    else if (kind === 2) {
      upBytes += message.length;
      upTimes.push(performance.now());
    } else if (kind === 3 && downBurst === undefined) {
      const payload = Buffer.alloc(1000, 4);
      downBurst = burst(profile.downKbps, () => echo.send(payload, from.port, from.address));
    }
  });
  const link = await startShapedLink({ profile, udpPorts: [port], seed: 7 });
  const client = createSocket('udp4');
  await new Promise((resolve) => client.bind(0, '127.0.0.1', () => resolve(undefined)));
  /** @type {Map<number, number>} */
  const sentAt = new Map();
  /** @type {number[]} */
  const rtts = [];
  let downBytes = 0;
  /** @type {number[]} */
  const downTimes = [];
  client.on('message', (message) => {
    const kind = message.readUInt8(0);
    if (kind === 1) {
      const id = message.readUInt32BE(1);
      const at = sentAt.get(id);
      if (at !== undefined) rtts.push(performance.now() - at);
    } else if (kind === 4) {
      downBytes += message.length;
      downTimes.push(performance.now());
    }
  });
  const send = (buffer) => client.send(buffer, port, link.host);
  try {
    for (let id = 0; id < probes; id++) {
      const probe = Buffer.alloc(64);
      probe.writeUInt8(1, 0);
      probe.writeUInt32BE(id, 1);
      sentAt.set(id, performance.now());
      send(probe);
      await pause(5);
    }
    await pause(profile.rttMs + 200);
    const rttSorted = [...rtts].sort((a, b) => a - b);
    const rttMs = rttSorted[Math.floor(rttSorted.length / 2)] ?? NaN;
    // Round trips lose in both directions: 1 - (1 - p)^2 of probes go missing.
    const roundTripLoss = 1 - rtts.length / probes;
    const lossPercent = (1 - Math.sqrt(1 - roundTripLoss)) * 100;

    const upPayload = Buffer.alloc(1000, 2);
    await burst(profile.upKbps, () => send(upPayload));
    await pause(profile.rttMs + profile.queueMs + 300);
    const throughput = (bytes, times) => (times.length < 2 ? NaN : (bytes * 8) / (times[times.length - 1] - times[0])); // kbit/s
    const upKbps = throughput(upBytes, upTimes);

    const request = Buffer.alloc(1);
    request.writeUInt8(3, 0);
    // The request itself may be lost on a lossy link: ask until the burst starts.
    for (let attempt = 0; attempt < 5 && downTimes.length === 0; attempt++) {
      send(request);
      await pause(profile.rttMs + 300);
    }
    await downBurst;
    await pause(profile.queueMs + profile.rttMs + 300);
    const downKbps = throughput(downBytes, downTimes);
    return { rttMs, lossPercent, upKbps, downKbps };
  } finally {
    client.close();
    echo.close();
    await link.close();
  }
}
