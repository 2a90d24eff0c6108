// The sample portal deployed as production scales it, on one machine: a LiveKit cluster (Redis + N nodes behind a
// load balancer), one PostgreSQL server, and several portal instances behind a second load balancer that LiveKit's
// webhooks and browsers use. Each instance may be pinned to one LiveKit node (tests that need "through node 2")
// or hand out the nodes' load balancer like production does.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { launchPortal, PortTakenError } from '../../examples/portal/launch.mjs';
import { startLiveKitCluster } from '../../scripts/lib/livekit-cluster.mjs';
import { freeTcpPort } from '../../scripts/lib/livekit-server.mjs';
import { startLoadBalancer } from '../../scripts/lib/load-balancer.mjs';
import { ROOT } from '../../scripts/lib/paths.mjs';
import { startPostgres } from '../../scripts/lib/postgres.mjs';
import { testVisitApi } from './portal.mjs';
import { PROFILES, startShapedLink } from './shaped-link.mjs';

/** Where the shaped link listens (a loopback address other than LiveKit's 127.0.0.1). */
const RELAY_HOST = '127.0.0.2';

/**
 * @typedef {object} ClusterStackOptions
 * @property {string} [name]
 * @property {number} [nodes]        LiveKit nodes (default 2)
 * @property {number} [instances]    portal instances (default 2)
 * @property {boolean} [pinned]      instance i hands out node i's own URL (default false: the nodes' balancer)
 * @property {number} [enforcerMs]   every instance's enforcer interval (default 1000)
 * @property {number} [departureTimeout]
 * @property {boolean} [shapedLink]   browsers reach LiveKit through a shaped link (tests/support/shaped-link.mjs,
 *                                    loopback profile) so a test can cut one browser's network; the portals reach
 *                                    LiveKit's API directly (`livekit.apiUrl`)
 */

/**
 * Starts PostgreSQL, the adapter balancer, the LiveKit cluster (webhooks to that balancer) and the instances.
 * @param {ClusterStackOptions} [options]
 */
export async function startClusterStack(options = {}) {
  const {
    name = 'cluster',
    nodes = 2,
    instances = 2,
    pinned = false,
    enforcerMs = 1000,
    departureTimeout = 3,
    shapedLink = false,
  } = options;
  /** @type {(() => Promise<void>)[]} */
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    const database = await startPostgres({ name: `e2e-${name}` });
    stops.push(database.stop);
    const ports = [];
    for (let i = 0; i < instances; i += 1) ports.push(await freeTcpPort());
    const portals = await startLoadBalancer({ backends: ports.map((port) => `http://127.0.0.1:${port}`) });
    stops.push(portals.stop);
    const cluster = await startLiveKitCluster({
      nodes,
      name: `e2e-${name}`,
      webhookUrls: [`${portals.url}/api/visitkit/livekit/webhook`],
      emptyTimeout: 20,
      departureTimeout,
      ...(shapedLink ? { nodeIp: RELAY_HOST } : {}),
    });
    stops.push(cluster.stop);
    // The relay listens on RELAY_HOST at the nodes' media ports and the balancer's port; the nodes advertise it.
    const balancerPort = Number(new URL(cluster.url).port);
    const link = shapedLink
      ? await startShapedLink({
          profile: PROFILES.loopback,
          host: RELAY_HOST,
          udpPorts: cluster.nodes.map((node) => /** @type {number} */ (node.rtcUdpPort)),
          tcpPorts: [balancerPort],
        })
      : undefined;
    if (link) stops.push(link.close);
    const clientUrl = (/** @type {number} */ i) => {
      if (pinned) return cluster.nodes[i % nodes].url;
      return link ? `ws://${RELAY_HOST}:${balancerPort}` : cluster.url;
    };
    const testApiToken = randomBytes(32).toString('base64url');
    /** @param {number} i */
    const launch = (i) =>
      launchPortal({
        port: /** @type {number} */ (ports[i]),
        livekit: {
          url: clientUrl(i),
          ...(link ? { apiUrl: cluster.httpUrl } : {}),
          apiKey: cluster.apiKey,
          apiSecret: cluster.apiSecret,
        },
        databaseUrl: database.url,
        trustedProxies: ['127.0.0.1'],
        testApi: true,
        testApiToken,
        enforcerMs,
        departureTimeout,
        log: join(ROOT, '.visitkit', 'logs', `portal-e2e-${name}-${i + 1}.log`),
      });
    // A port picked by freeTcpPort() is released until the portal binds it; something else (a LiveKit node, an
    // outgoing connection) can take it in between. Then the instance gets another port, and the balancer with it.
    /** @param {number} i */
    const launchOnFreePort = async (i) => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await launch(i);
        } catch (error) {
          if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
          ports[i] = await freeTcpPort();
          portals.setBackend(i, `http://127.0.0.1:${ports[i]}`);
        }
      }
    };
    // One after the other: the first migrates the database, and two tsx start-ups at once are slower than both in a row.
    const launched = [];
    for (let i = 0; i < instances; i += 1) {
      const portal = await launchOnFreePort(i);
      launched.push(portal);
      stops.push(() => portal.stop());
    }
    return {
      url: portals.url,
      /** Each instance, reachable directly (tests send a request "to instance B"). */
      instances: launched,
      cluster,
      database,
      balancer: portals,
      /** The shaped link browsers reach LiveKit through (with `shapedLink`). */
      link,
      ...testVisitApi(portals.url, testApiToken, name),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
