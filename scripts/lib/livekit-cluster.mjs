// A LiveKit cluster on one machine, as production runs it on several: one Redis, N livekit-server nodes sharing it
// (their own ports each, the same API key, webhooks from every node), and a round-robin load balancer in front of
// the nodes so that clients and the adapter use one URL. Used by the cluster tests, bench/scale and
// `npm start -- --cluster`. Node built-ins only (plus the sibling managers).
import { newLiveKitKeys } from '../../packages/server-adapter/bin/livekit-config.mjs';
import { startLiveKit } from './livekit-server.mjs';
import { startLoadBalancer } from './load-balancer.mjs';
import { readFileSync } from 'node:fs';
import { isAlive } from './processes.mjs';
import { redisCommand, startRedis } from './redis.mjs';

/**
 * @typedef {import('./livekit-server.mjs').LiveKitServer} LiveKitServer
 * @typedef {object} LiveKitCluster
 * @property {string} url        ws:// URL of the load balancer: what clients and the adapter are given
 * @property {string} httpUrl    http:// URL of the load balancer (RoomService)
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {LiveKitServer[]} nodes  each node, reachable directly on its own `url` (tests pin a client to a node)
 * @property {import('./redis.mjs').RedisServer} redis
 * @property {import('./load-balancer.mjs').LoadBalancer} balancer
 * @property {(room: string) => Promise<number | undefined>} nodeHosting index of the node LiveKit placed `room` on (from Redis), if any
 * @property {(room: string, index: number) => Promise<void>} routeRoomTo points LiveKit's room → node map at node
 *   `index` (in Redis), as LiveKit's own random pick does when the map was lost (tests force the unlucky case)
 * @property {(index: number) => Promise<LiveKitServer>} restartNode starts node `index` again (same keys, Redis, webhooks) after a kill
 * @property {() => Promise<number[]>} reviveNodes  restarts every node that was killed (a test after a node fault
 *   needs the whole cluster); resolves with the indexes it restarted
 * @property {() => Promise<void>} stop  stops the balancer, every node and Redis
 */

/**
 * Starts Redis, `nodes` LiveKit nodes on it and a load balancer in front of them.
 *
 * @param {object} [options]
 * @param {number} [options.nodes]          how many LiveKit nodes (default 2)
 * @param {string[]} [options.webhookUrls]  where every node posts webhooks (the adapter's load balancer)
 * @param {string} [options.name]           names the logs: `livekit-<name>-node<i>.log`, `redis-<name>.log`
 * @param {number} [options.emptyTimeout]
 * @param {number} [options.departureTimeout]
 * @param {boolean} [options.autoCreate]
 * @returns {Promise<LiveKitCluster>}
 * @example
 * const cluster = await startLiveKitCluster({ nodes: 2, webhookUrls: [`${adapterBalancer.url}/api/visitkit/livekit/webhook`] });
 * // cluster.url for clients, cluster.nodes[1].url to pin one to node 2
 */
export async function startLiveKitCluster(options = {}) {
  const { nodes: count = 2, name = 'cluster', webhookUrls = [], ...room } = options;
  const redis = await startRedis({ name });
  const keys = newLiveKitKeys();
  /** @type {LiveKitServer[]} */
  const nodes = [];
  const startNode = (
    /** @type {number} */ index,
    /** @type {{ rtcTcpPort?: number, rtcUdpPort?: number } | undefined} */ mediaPorts = undefined,
  ) =>
    startLiveKit({
      ...room,
      ...(mediaPorts ? { mediaPorts } : {}),
      name: `${name}-node${index + 1}`,
      webhookUrls,
      keys,
      redisAddress: redis.address,
      useEnv: false,
    });
  try {
    // One after the other: two nodes starting at once on 2 cores each take longer than both in a row.
    for (let i = 0; i < count; i += 1) nodes.push(await startNode(i));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    await redis.stop();
    throw error;
  }
  const balancer = await startLoadBalancer({ backends: nodes.map((node) => node.httpUrl) });
  /** @type {LiveKitCluster} */
  const cluster = {
    url: balancer.url.replace(/^http/, 'ws'),
    httpUrl: balancer.url,
    apiKey: keys.apiKey,
    apiSecret: keys.apiSecret,
    nodes,
    redis,
    balancer,
    nodeHosting: async (room) => {
      const nodeId = await redisCommand(redis.port, ['HGET', 'room_node_map', room]);
      if (typeof nodeId !== 'string') return undefined;
      const index = nodes.findIndex((node) => node.logFile && nodeIdOf(node.logFile) === nodeId);
      return index < 0 ? undefined : index;
    },
    routeRoomTo: async (room, index) => {
      const logFile = nodes[index]?.logFile;
      const nodeId = logFile && nodeIdOf(logFile);
      if (!nodeId) throw new Error(`node ${index + 1} has not logged its node id`);
      // LiveKit ignores a mapping to a node missing from its registry (a Redis that lost its data has none until
      // the nodes re-register, within a few seconds): wait for it.
      const deadline = Date.now() + 20_000;
      while ((await redisCommand(redis.port, ['HEXISTS', 'nodes', nodeId])) !== 1) {
        if (Date.now() > deadline) throw new Error(`node ${index + 1} did not re-register in Redis within 20 s`);
        await new Promise((resolveLater) => setTimeout(resolveLater, 100));
      }
      await redisCommand(redis.port, ['HSET', 'room_node_map', room, nodeId]);
    },
    restartNode: async (index) => {
      // A restarted node keeps its media ports (a shaped link's relay forwards exactly those) and gets a new
      // signalling port; the balancer is told where it is now.
      const old = nodes[index];
      const node = await startNode(index, { rtcTcpPort: old?.rtcTcpPort, rtcUdpPort: old?.rtcUdpPort });
      nodes[index] = node;
      balancer.setBackend(index, node.httpUrl);
      return node;
    },
    reviveNodes: async () => {
      const dead = nodes.flatMap((node, index) => (node.pid !== undefined && !isAlive(node.pid) ? [index] : []));
      for (const index of dead) await cluster.restartNode(index);
      return dead;
    },
    stop: async () => {
      await balancer.stop();
      await Promise.all(nodes.map((node) => node.stop()));
      await redis.stop();
    },
  };
  return cluster;
}

/**
 * The node id a livekit-server logged at start-up (`"nodeID": "ND_…"`), or undefined.
 * @param {string} logFile
 */
function nodeIdOf(logFile) {
  return /"nodeID": "([A-Za-z0-9_]+)"/.exec(readFileSync(logFile, 'utf8'))?.[1];
}
