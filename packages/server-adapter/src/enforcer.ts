import { ParticipantInfo_State, type ParticipantInfo, type Room } from 'livekit-server-sdk';
import { parseRoomMetadata, type Visit } from '@visitkit/core/protocol';
import { sendControl } from './control.js';
import { assertLiveKitOptions, createRoomService, isNotFound, type LiveKitOptions } from './livekit.js';
import { syncRoomMetadata } from './monitor-presence.js';
import { reconcile } from './reconcile.js';
import { guardRoom, VISIT_ROOM_NAME } from './room-guard.js';
import { closeRoom, TERMINATE_GRACE_MS } from './staff-actions.js';
import { intruders } from './intruders.js';
import { strandedTracks } from './stranded.js';
import type { VisitEvent } from './visit-events.js';
import type { VisitStore } from './visit-store.js';
import { createVisitLogger, type VisitLogger } from './logger.js';
import type { VisitMetrics } from './metrics.js';
import { createReporter } from './operations.js';

/** Options of {@link createEnforcer}. */
export interface EnforcerOptions {
  livekit: LiveKitOptions;
  /** How often `start()` ticks. Default 5000 ms. */
  intervalMs?: number;
  /** Told about every action taken (warnings, expiries, removals). Failures are logged, not retried. */
  onEvent?: (event: VisitEvent) => Promise<void> | void;
  /**
   * Where to save those events too, so the ledger records a `time-limit` end. Also where the enforcer learns
   * which visits were terminated, the policy to restore into a room LiveKit re-created without it, and the
   * open intervals it reconciles with LiveKit's participant list. **Required**: pass the store your handler uses
   * (`createVisitkit` does it for you), or `null` to choose to run without one — then the ledger never sees a
   * `time-limit` end or a warning, nothing is reconciled, and a Visitkit room without valid metadata is always closed.
   */
  store: VisitStore | null;
  /**
   * A warning is sent only within this many seconds after its offset is crossed; later it is skipped
   * (the client countdown still shows the time). Default: 3 × interval, at least 10 s.
   */
  warningWindowSeconds?: number;
  /** Clock in ms since the epoch, for tests. Default `Date.now`. */
  now?: () => number;
  /**
   * Log lines: one per action (its visit event), per guarded room and per failed tick (no secrets).
   * Default: `createVisitLogger({ level: 'warn' })` — failures only.
   */
  log?: VisitLogger;
  /** Counts live visit rooms, actions and failed passes (see {@link VisitMetrics}; the handler's instance). */
  metrics?: VisitMetrics;
}

/** What one tick did. */
export interface EnforcerReport {
  rooms: number;
  warned: { visitId: string; secondsLeft: number }[];
  ended: string[];
  removed: { visitId: string; identity: string }[];
  /** Visitkit-named rooms that had lost their policy or belonged to a terminated visit, and what was done. */
  guarded: { room: string; outcome: 'restored' | 'refused' | 'closed' }[];
  /** Events recorded because LiveKit's participant list disagreed with the store (lost webhooks). */
  reconciled: VisitEvent[];
  errors: number;
}

/** A running enforcer. */
export interface Enforcer {
  /** Ticks every `intervalMs` until `stop()`. Idempotent. */
  start(): void;
  /** Stops ticking; resolves once a tick in progress finished. */
  stop(): Promise<void>;
  /** One pass over every room; safe to call concurrently with other instances. */
  tick(): Promise<EnforcerReport>;
}

/** How long after closing a visit's room at `endsAt` an instance makes sure every session of it really ended. */
const END_SWEEP_MS = 120_000;

/**
 * The server-side authority over visit time and who is in a room. Each tick lists rooms, reads the visit
 * policy from their metadata and: ends rooms past `endsAt` (`ending {reason:'time-limit'}`, then delete);
 * sends each warning at its offset (`warning {secondsLeft, id}`); removes monitors from privileged rooms and
 * the latest-joined visitors over `maxVisitors` and monitors from visits that are not `monitored`; re-derives
 * monitor presence and the parties' `canSubscribe` (see `syncRoomMetadata`): granted at `startsAt` (a timer
 * fires at the start of rooms starting within the next interval), and on `requireMonitor` visits only with a
 * monitor present, in case a webhook was lost. A Visitkit-named room (`vk_…`) without a valid policy, or of a
 * terminated visit, is never left alone (`guardRoom`: restored or closed). With a `store`, each tick
 * reconciles the store's open intervals with LiveKit's participant list (`reconcile`), and for two minutes after
 * closing a room at `endsAt` makes sure no copy of it lives on (a LiveKit cluster whose Redis lost its data can hold
 * two; see `sweepEnded`).
 *
 * Several instances may run without coordinating. Each warning has a deterministic id (`warning-<offset>`,
 * unique within its room) and is only sent inside a short window after its offset, and each instance sends
 * it at most once; clients drop repeats of an id, so two instances mean at most one duplicate delivery and
 * never a duplicate warning on screen. Recording "sent" in room metadata was rejected: without
 * compare-and-set two instances can both read "unsent", and every metadata write reaches every client.
 * Ending, deleting and removing are naturally idempotent (a second delete finds nothing).
 *
 * @example
 * const enforcer = createEnforcer({ livekit, store, intervalMs: 5000, onEvent: audit.write }); // the handler's store
 * enforcer.start();
 * process.on('SIGTERM', () => enforcer.stop());
 */
export function createEnforcer(options: EnforcerOptions): Enforcer {
  assertLiveKitOptions(options.livekit);
  // A forgotten store splits the ledger silently (time-limit ends and warnings never reach it): refuse it loudly.
  if (options.store === undefined) {
    throw new TypeError(
      'createEnforcer: pass the store your handler uses (or use createVisitkit), or store: null to run without a ledger',
    );
  }
  const rooms = createRoomService(options.livekit);
  const intervalMs = options.intervalMs ?? 5000;
  const windowMs = (options.warningWindowSeconds ?? Math.max(10, (3 * intervalMs) / 1000)) * 1000;
  const now = options.now ?? Date.now;
  const sent = new Set<string>();
  /**
   * When this instance last saw each session (participant sid) in LiveKit's list: a session that vanished without
   * a webhook (its LiveKit node was killed) is reconciled as gone from then, so the outage is not billed.
   */
  const lastSeen = new Map<string, number>();
  const startTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Visits whose room this instance closed at `endsAt`: visit id → the room and when (see `sweepEnded`). */
  const ended = new Map<string, { room: string; at: number }>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const reportOperation = createReporter(options.log ?? createVisitLogger({ level: 'warn' }), options.metrics);

  async function emit(event: VisitEvent): Promise<void> {
    try {
      await options.store?.append(event);
      await options.onEvent?.(event);
    } catch {
      // The action itself happened; a failed audit write must not stop enforcement of the other rooms.
    }
    reportOperation({ op: 'visit-event', event });
  }

  async function enforceRoom(room: Room, visit: Visit, at: number, report: EnforcerReport): Promise<void> {
    const endsAt = Date.parse(visit.endsAt);
    if (at >= endsAt) {
      if (!ended.has(visit.id)) ended.set(visit.id, { room: room.name, at });
      await closeRoom(rooms, room.name, { reason: 'time-limit', id: 'ending-time-limit' }, TERMINATE_GRACE_MS);
      report.ended.push(visit.id);
      await emit({ type: 'visit-expired', id: `expired_${visit.id}`, visitId: visit.id, at: visit.endsAt });
      return;
    }
    const due = visit.warnings.filter(
      (offset) => at >= endsAt - offset * 1000 && at < endsAt - offset * 1000 + windowMs,
    );
    const offset = due.length > 0 ? Math.min(...due) : undefined;
    const key = `${room.sid}:${offset}`;
    if (offset !== undefined && !sent.has(key)) {
      sent.add(key);
      const secondsLeft = Math.max(0, Math.round((endsAt - at) / 1000));
      await sendControl(rooms, room.name, { type: 'warning', secondsLeft, id: `warning-${offset}` });
      report.warned.push({ visitId: visit.id, secondsLeft });
      await emit({
        type: 'time-warning',
        id: `warning_${visit.id}_${offset}`,
        visitId: visit.id,
        at: new Date(endsAt - offset * 1000).toISOString(),
        secondsLeft: offset,
      });
    }
    // Always asked: a room's participant count may leave out hidden participants such as monitors.
    const listed = await rooms.listParticipants(room.name);
    // After Redis lost its data LiveKit forgets which node hosts a room and lists no one in it, while the room itself
    // (re-published by its node) still counts its participants. An empty list is then not news: nobody is removed,
    // no grant revoked, nothing reconciled until LiveKit knows again (the next join to the room restores it).
    if (listed.length === 0 && room.numParticipants > 0) {
      report.errors += 1;
      return;
    }
    const removed = await removeIntruders(room, visit, listed, report);
    const participants = listed.filter((p) => !removed.has(p.sid));
    // Media permissions follow the clock (nothing before startsAt) and, on a supervised visit, monitor
    // presence. Webhooks drive that, but one can be lost; each tick re-derives it from what LiveKit lists, so
    // a lost "monitor left" cannot leave the parties in unmonitored contact for longer than one interval.
    await syncRoomMetadata(rooms, room.name, { current: room.metadata, visit, participants, now: at });
    // Only a session with media flowing counts as seen: a resuming one is listed too, before it is dropped.
    for (const p of participants) if (p.state === ParticipantInfo_State.ACTIVE) lastSeen.set(p.sid, at);
    if (options.store) {
      for (const event of reconcile(visit.id, await options.store.list(visit.id), participants, at, lastSeen)) {
        await emit(event);
        report.reconciled.push(event);
      }
    }
  }

  /**
   * A room closed at `endsAt` can live on elsewhere: after Redis lost its data, LiveKit may have started a second
   * copy of the room on another node (docs/deploy.md, "Redis"); the delete reached one copy, and the other is in no
   * room list, so the ticks never see it and its people would stay connected past the end. For a while after the
   * end, while LiveKit has not reported every session gone: the `ending` message goes to the room again (the room's
   * message topic now leads only to the remaining copy), and each such session has its latest track muted — which
   * makes the node holding it write the participant to Redis again — and is removed (LiveKit checks Redis first).
   */
  async function sweepEnded(store: VisitStore, at: number, listed: ReadonlySet<string>, report: EnforcerReport) {
    for (const [visitId, end] of ended) {
      if (at - end.at > END_SWEEP_MS) ended.delete(visitId);
      if (at - end.at > END_SWEEP_MS || listed.has(end.room)) continue; // a listed room is closed by the tick
      try {
        const stranded = strandedTracks(visitId, await store.list(visitId));
        if (stranded.length === 0) {
          ended.delete(visitId); // everyone's leave arrived: this visit is over everywhere
          continue;
        }
        // Each call fails harmlessly when that session or copy is already gone (its leave is on the way).
        const ignore = () => {};
        await sendControl(rooms, end.room, { type: 'ending', reason: 'time-limit', id: 'ending-time-limit' }).catch(
          ignore,
        );
        for (const { identity, trackSid } of stranded) {
          await rooms.mutePublishedTrack(end.room, identity, trackSid, true).catch(ignore);
          await rooms.removeParticipant(end.room, identity).catch(ignore);
        }
      } catch {
        report.errors += 1; // the store failed: the next tick tries again
      }
    }
  }

  /** At `startsAt` exactly, rather than up to one interval later: the parties are waiting for each other. */
  function scheduleStart(room: Room, visit: Visit, at: number): void {
    const startsIn = Date.parse(visit.startsAt) - at;
    if (!timer || startsIn <= 0 || startsIn > intervalMs || startTimers.has(room.sid)) return;
    startTimers.set(
      room.sid,
      setTimeout(() => {
        startTimers.delete(room.sid);
        // The tick after this one retries if LiveKit fails now.
        syncRoomMetadata(rooms, room.name, { now: Math.max(now(), Date.parse(visit.startsAt)) }).catch(() => {});
      }, startsIn),
    );
  }

  async function removeIntruders(
    room: Room,
    visit: Visit,
    participants: ParticipantInfo[],
    report: EnforcerReport,
  ): Promise<Set<string>> {
    const remove = intruders(visit, participants);
    for (const { participant, reason } of remove) {
      try {
        await rooms.removeParticipant(room.name, participant.identity);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      report.removed.push({ visitId: visit.id, identity: participant.identity });
      await emit({
        type: 'participant-removed',
        id: `removed_${participant.sid}`,
        visitId: visit.id,
        at: new Date(now()).toISOString(),
        participant: { identity: participant.identity, sid: participant.sid },
        reason,
      });
    }
    return new Set(remove.map((r) => r.participant.sid));
  }

  async function tick(): Promise<EnforcerReport> {
    const report: EnforcerReport = {
      rooms: 0,
      warned: [],
      ended: [],
      removed: [],
      guarded: [],
      reconciled: [],
      errors: 0,
    };
    const at = now();
    let list;
    try {
      list = await rooms.listRooms();
    } catch (error) {
      reportOperation({ op: 'enforcer-failed', cause: error instanceof Error ? error.name : typeof error });
      throw error;
    }
    const live = new Set<string>();
    const listedNames = new Set(list.map((room) => room.name));
    const guard = { rooms, store: options.store ?? undefined, now: () => at, emit };
    for (const room of list) {
      const metadata = parseRoomMetadata(room.metadata);
      if (!metadata && !VISIT_ROOM_NAME.test(room.name)) continue; // not a visit: someone else's room
      report.rooms += 1;
      live.add(room.sid);
      try {
        const outcome = await guardRoom(guard, room.name, { metadata });
        if (outcome !== 'policed') {
          report.guarded.push({ room: room.name, outcome });
          reportOperation({ op: 'room-guarded', room: room.name, outcome });
        }
        if (outcome !== 'policed' || !metadata) continue; // a restored room is enforced from the next tick
        await enforceRoom(room, metadata.visit, at, report);
        scheduleStart(room, metadata.visit, at);
      } catch {
        report.errors += 1; // next tick tries again; one bad room must not block the others
      }
    }
    if (options.store) await sweepEnded(options.store, at, listedNames, report);
    for (const key of sent) if (!live.has(key.split(':')[0]!)) sent.delete(key);
    // A session unseen for an hour is long reconciled (or in a room this instance cannot reach): forget it.
    for (const [sid, seen] of lastSeen) if (at - seen > 3_600_000) lastSeen.delete(sid);
    reportOperation({ op: 'enforcer-tick', rooms: report.rooms, errors: report.errors });
    return report;
  }

  return {
    start() {
      if (timer) return;
      let busy = false;
      timer = setInterval(() => {
        if (busy) return; // a slow tick (LiveKit lagging) is not stacked up behind another
        busy = true;
        // Failed rooms and a failed listing were reported by tick(); the next tick tries again.
        running = tick()
          .catch(() => {})
          .finally(() => {
            busy = false;
          });
      }, intervalMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const pending of startTimers.values()) clearTimeout(pending);
      startTimers.clear();
      await running;
    },
    tick,
  };
}
