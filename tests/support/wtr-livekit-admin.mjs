// TEST-ONLY LiveKit admin routes for the browser suite, under /__test/livekit/. NEVER mount this outside tests:
// anyone who can reach it gets a token for any room and can send data as the server.
//
//   POST /__test/livekit/token {visitId, identity, attributes?}  → {server_url, participant_token}
//        a token minted directly with livekit-server-sdk (not through the adapter): room join and data
//        publishing, no media, not hidden; `attributes` as given (none by default). The rogue participant
//        of the control-message trust tests.
//   POST /__test/livekit/send {visitId, topic, text}  → 204
//        RoomService.sendData from the server (reliable): exactly what the adapter does for staff and the
//        enforcer, with the payload the test chose (for example a real message reusing a known id).
// The room is the visit's room as the adapter names it (roomNameFor with the same secret).
import { AccessToken, DataPacket_Kind, RoomServiceClient } from 'livekit-server-sdk';

const PREFIX = '/__test/livekit/';

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Koa middleware for the routes above.
 *
 * @param {{ url: string, apiKey: string, apiSecret: string }} livekit
 */
export function livekitAdminMiddleware(livekit) {
  const rooms = new RoomServiceClient(
    livekit.url.replace(/^ws(s?):\/\//, 'http$1://'),
    livekit.apiKey,
    livekit.apiSecret,
  );
  return async (ctx, next) => {
    if (!ctx.path.startsWith(PREFIX) || ctx.method !== 'POST') return next();
    // The built adapter (as tests/support/test-visit-api.mjs uses it), loaded only when a test asks.
    const { roomNameFor } = await import('@visitkit/server-adapter');
    const body = await readJson(ctx.req);
    const room = await roomNameFor(String(body.visitId), livekit.apiSecret);
    switch (ctx.path.slice(PREFIX.length)) {
      case 'token': {
        const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
          identity: String(body.identity),
          name: String(body.identity),
          attributes: body.attributes ?? {},
          ttl: '10m',
        });
        token.addGrant({
          room,
          roomJoin: true,
          canSubscribe: true,
          canPublish: false,
          canPublishData: true,
          hidden: false,
        });
        ctx.type = 'application/json';
        ctx.body = JSON.stringify({ server_url: livekit.url, participant_token: await token.toJwt() });
        return undefined;
      }
      case 'send': {
        const payload = new TextEncoder().encode(String(body.text));
        await rooms.sendData(room, payload, DataPacket_Kind.RELIABLE, { topic: String(body.topic) });
        ctx.status = 204;
        return undefined;
      }
      default:
        return next();
    }
  };
}
