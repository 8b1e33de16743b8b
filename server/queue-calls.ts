/**
 * Queue-call intake: the call's hall, idempotency, targeting and fan-out. Every call belongs to one
 * hall (server/queue/call-hall.ts) and moves that hall's queue state, whichever endpoint brought it,
 * so boards and calls never disagree. The call goes onto the bus first, with what it changed on the
 * board (screens see both at once), and is written in a group commit before the HTTP answer, so an
 * acknowledged call is never lost.
 */
import { CALL_TTL_MS, callText, type Hall, type QueueCall } from '../content/model';
import type { QueueEvent } from '../content/queue';
import { DEFAULT_REPEAT, callAudioUrl } from '../content/voice-plan';
import type { Bus } from './bus';
import type { CallClaims } from './cluster/call-claims';
import type { HallWriter } from './cluster/hall-writer';
import { notFound } from './http-error';
import { newId } from './ids';
import type { AppendLog } from './logs/append-log';
import type { AckTargets, AckTracker } from './queue/acks';
import { callHallId } from './queue/call-hall';
import { createCallCommits } from './queue/call-commits';
import type { CallKeys } from './queue/call-keys';
import { createTargetCache } from './queue/call-targets';
import type { HallQueues } from './queue/hall-queues';
import type { Store } from './store/store';

/** How many calls the store keeps (history for staff); idempotency has its own windows (queue/call-keys.ts). */
export const KEEP_CALLS = 100;
/** Call ids handed out recently, so a new call never reuses one (kept past the store's own window). */
const ISSUED_IDS = 2000;
/** Longest call id (the store's id limit); a longer key gets a made-up id. */
const MAX_ID = 64;

export interface CallRequest {
  /** The caller's idempotency key; also the call's id unless another call already has that id. */
  id: string;
  ticket: string;
  counter: string;
  /** Omitted: the one hall the caller (or the install) has; else 400 naming the halls. */
  hallId?: string;
  service?: string;
  /** A recall (重呼) is shown and spoken again under a new id. */
  kind?: 'call' | 'recall';
  /** Halls the caller may reach; undefined = all. */
  allowedHallIds?: string[];
  /** When the request reached the server (ack latency is measured from here); default now. */
  receivedAt?: number;
  /** Who asked, for the audit log. */
  actor?: string;
  /** Whose idempotency window the key is in (e.g. `token:<id>`, `user:<id>`); default `actor`. */
  sender?: string;
  /** The queue event this call comes from; a plain call applies as a `ticket.called` without `seq`. */
  event?: QueueEvent;
  /** The caller holds the hall's writer already (queue/intake.ts entered it for the event). */
  writerHeld?: boolean;
}

export interface CallServiceDeps {
  store: Store;
  bus: Bus;
  clock: () => number;
  log: AppendLog;
  /** Operational warnings (pino's `warn`). */
  warn?: (obj: object, msg: string) => void;
  audit: AppendLog;
  queues: HallQueues;
  acks: AckTracker;
  /** The idempotency windows (the same object the hall queues persist). */
  callKeys: CallKeys;
  /** The clip-set version for audio URLs, or undefined when there is no voice (calls then carry no audioUrl). */
  voiceVersion: () => string | undefined;
  /** Cluster: the id is claimed cluster-wide first, so the same call sent to two instances is announced once. */
  callClaims?: CallClaims;
  /** Cluster: the hall's board is applied and stored by one instance at a time (cluster/hall-writer.ts). */
  writer?: HallWriter;
}

export function createCallService(deps: CallServiceDeps) {
  const { store, bus, clock, log, audit, queues, acks, callKeys } = deps;
  const targets = createTargetCache(store);
  const issued = new Set<string>();
  /**
   * The id of a call whose write failed, per (hall, sender, key): the screens already have it (the bus
   * went first), so the sender's retry goes out under the same id and screens take it as a repeat.
   */
  const unwritten = new Map<string, string>();
  /** Writes still in flight per call id: a repeat is answered only once its call is durable. */
  const inflight = new Map<string, Promise<void>>();
  const idFree = (id: string): boolean => id.length <= MAX_ID && !issued.has(id) && !store.get('calls', id);
  const commits = createCallCommits<QueueCall>({
    store,
    write(tx, batch) {
      // A hall this instance may no longer write (cluster: taken over) refuses its own calls only.
      const refusedHalls = new Map<string, unknown>();
      for (const hallId of new Set(batch.map((c) => c.hallId!)))
        try {
          queues.persist(tx, hallId);
        } catch (err) {
          refusedHalls.set(hallId, err);
        }
      const refused = new Map<QueueCall, unknown>();
      for (const call of batch) {
        const err = refusedHalls.get(call.hallId!);
        if (err === undefined) tx.insert('calls', call);
        else refused.set(call, err);
      }
      const calls = tx.list('calls');
      if (calls.length > KEEP_CALLS) {
        const cut = calls[calls.length - KEEP_CALLS]!.createdAt;
        tx.retain('calls', (c) => c.createdAt >= cut);
      }
      return refused;
    },
  });

  return {
    /**
     * Sends a call unless its key was seen (in its hall, from its sender); resolves once it is stored.
     * Everything before the first await is synchronous.
     */
    async submit(req: CallRequest): Promise<{ id: string; screens: number; duplicate: boolean; call?: QueueCall }> {
      const hallId = callHallId(store.list('halls'), req.hallId, req.allowedHallIds);
      const hall = store.get('halls', hallId);
      if (!hall) throw notFound('营业厅', hallId);
      const sender = req.sender ?? req.actor ?? 'system';
      const target = targets.of({ hallId, counter: req.counter });
      const retryOf = `${hallId}\n${sender}\n${req.id}`;
      const id = unwritten.get(retryOf) ?? (idFree(req.id) ? req.id : newId('call'));
      // A queue event is idempotent by its eventId already (queue/intake.ts): its made-up call id is
      // no key, and must not push real keys out of the hall's persisted window.
      const keyed = req.event === undefined;
      const prior = keyed ? callKeys.claim(hallId, sender, req.id, { callId: id, screens: target.ids.length }) : undefined;
      if (prior) {
        // The first request may still be writing: a 202 must mean stored, so the repeat waits (and fails with it).
        await inflight.get(prior.callId);
        return { id: prior.callId, screens: prior.screens, duplicate: true };
      }
      // Registered before any await: a repeat that arrives while this one waits (for Redis, for the
      // hall's writer, for the store) is answered with this one's outcome, never "duplicate" early.
      const done = accept(req, { hallId, hall, sender, target, retryOf, id, keyed });
      const settled = done.then(() => undefined);
      settled.catch(() => {}); // a failure nobody repeats is the first request's answer, not a crash
      inflight.set(id, settled);
      try {
        return await done;
      } finally {
        if (inflight.get(id) === settled) inflight.delete(id);
      }
    },
  };

  /** The rest of `submit` once the key is ours: the cluster claim, the hall's writer, the call, its write. */
  async function accept(
    req: CallRequest,
    { hallId, hall, sender, target, retryOf, id, keyed }: { hallId: string; hall: Hall; sender: string; target: AckTargets; retryOf: string; id: string; keyed: boolean },
  ): Promise<{ id: string; screens: number; duplicate: boolean; call?: QueueCall }> {
    const claimKey = `${sender}:${req.id}`;
    if (keyed && deps.callClaims) {
      // Cluster: the key is claimed cluster-wide too, so the same call sent to two instances is
      // announced once. Redis answers in request order on one connection: calls keep their order.
      const other = await deps.callClaims.claim(hallId, claimKey, target.ids.length).catch((err: unknown) => {
        callKeys.release(hallId, sender, req.id);
        throw err;
      });
      if (other !== undefined) return { id, screens: other, duplicate: true };
    }
    // Cluster: nothing is applied before this instance is the hall's writer (held already: no await).
    const entering = req.writerHeld ? undefined : deps.writer?.enter(hallId);
    if (entering)
      await entering.catch(async (err: unknown) => {
        if (keyed) {
          callKeys.release(hallId, sender, req.id);
          await deps.callClaims?.release(hallId, claimKey).catch(() => {});
        }
        throw err;
      });
    try {
      unwritten.delete(retryOf);
      issued.add(id);
      if (issued.size > ISSUED_IDS) issued.delete(issued.values().next().value!);

      const now = clock();
      const receivedAt = req.receivedAt ?? now;
      const ticket = req.ticket.toUpperCase();
      const version = deps.voiceVersion();
      const recall = req.kind === 'recall';
      const call: QueueCall = {
        id,
        ticket,
        counter: req.counter,
        hallId,
        ...(req.service !== undefined && { service: req.service }),
        kind: req.kind ?? 'call',
        text: callText(ticket, req.counter, hall.callTemplate),
        ...(version !== undefined && { audioUrl: callAudioUrl(ticket, req.counter, { version, recall }) }),
        repeat: DEFAULT_REPEAT,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + CALL_TTL_MS).toISOString(),
      };
      const event: QueueEvent = req.event ?? {
        type: 'ticket.called',
        eventId: call.id,
        hallId,
        occurredAt: call.createdAt,
        ticket,
        counter: call.counter,
        ...(call.service !== undefined && { service: call.service }),
      };
      // The board change first (a pure step), so the call frame carries it; then the bus, at once.
      const { delta } = queues.applyCall(event, call);
      acks.track('call', call.id, receivedAt, target, hallId);
      bus.publish({ type: 'call', call, screenIds: target.ids, ...(delta && { board: delta, state: queues.get(hallId), event }) });
      log.write({ record: 'call', ...call, screens: target.ids.length });
      audit.write({ who: req.actor ?? 'unknown', action: `queue.${call.kind}`, id: call.id, key: req.id, ticket, counter: call.counter, hallId, targets: target.ids.length });
      try {
        await commits.commit(call);
      } catch (err) {
        if (keyed) {
          callKeys.release(hallId, sender, req.id);
          unwritten.set(retryOf, id);
          // Best effort: when Redis is unreachable too, the claim stays (24 h) and a retry on another
          // instance is answered as a repeat of a call the screens did show but no store holds.
          await deps.callClaims?.release(hallId, claimKey).catch((releaseErr: unknown) => deps.warn?.({ err: releaseErr }, 'call claim not released'));
          if (unwritten.size > ISSUED_IDS) unwritten.delete(unwritten.keys().next().value!);
        } else issued.delete(id); // a queue event's retry brings this made-up id back (queue/intake.ts)
        throw err;
      }
      // Not awaited: the call is stored and answered now; a repeat meanwhile waits on the pending claim.
      if (keyed) void deps.callClaims?.confirm(hallId, claimKey, target.ids.length).catch((err: unknown) => deps.warn?.({ err }, 'call claim not confirmed: a retry after the pending TTL would be announced again'));
      return { id: call.id, screens: target.ids.length, duplicate: false, call };
    } finally {
      if (!req.writerHeld) deps.writer?.leave(hallId);
    }
  }
}
export type CallService = ReturnType<typeof createCallService>;
