/**
 * Queue-call intake: idempotency, targeting and fan-out. A call goes onto the bus first (screens see
 * it at once) and is persisted before the HTTP answer, so an acknowledged call is never lost. A call
 * in a hall also moves that hall's queue state (the counter now serves the ticket).
 */
import { CALL_TTL_MS, callText, type QueueCall, type Screen } from '../content/model';
import type { QueueEvent } from '../content/queue';
import { DEFAULT_REPEAT, callAudioUrl } from '../content/voice-plan';
import type { Bus } from './bus';
import type { ClaimCallId } from './cluster/call-claims';
import type { AppendLog } from './logs/append-log';
import type { AckTracker } from './queue/acks';
import type { HallQueues } from './queue/hall-queues';
import type { Store } from './store/store';

/** How many calls the store keeps (idempotency window and history); older ones live in the call log. */
export const KEEP_CALLS = 500;

export interface CallRequest {
  id: string;
  ticket: string;
  counter: string;
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
  /** The queue event this call comes from; a plain call applies as a `ticket.called` without `seq`. */
  event?: QueueEvent;
}

/** Which screens show a call: its hall (or the caller's halls), screens that show calls, strips of that counter. */
export function callTargets(screens: readonly Screen[], call: { counter: string; hallId?: string }, allowedHallIds?: string[]): Screen[] {
  return screens.filter((s) => {
    if (call.hallId !== undefined ? s.hallId !== call.hallId : allowedHallIds && !allowedHallIds.includes(s.hallId)) return false;
    if (s.callDisplay === 'none') return false;
    if (s.callDisplay === 'strip' && s.counters.length > 0) return s.counters.includes(call.counter);
    return true;
  });
}

export interface CallServiceDeps {
  store: Store;
  bus: Bus;
  clock: () => number;
  log: AppendLog;
  audit: AppendLog;
  queues: HallQueues;
  acks: AckTracker;
  /** The clip-set version for audio URLs, or undefined when there is no voice (calls then carry no audioUrl). */
  voiceVersion: () => string | undefined;
  /** Cluster: the id is claimed cluster-wide first, so the same call sent to two instances is announced once. */
  claimCallId?: ClaimCallId;
}

export function createCallService(deps: CallServiceDeps) {
  const { store, bus, clock, log, audit, queues, acks } = deps;
  /** Ids seen, with the screen count they were sent to (answers repeats without re-sending). */
  const seen = new Map<string, number>();
  const priorCount = (id: string): number | undefined => {
    const known = seen.get(id);
    if (known !== undefined) return known;
    // After a restart only the stored call is left: recount its targets.
    const stored = store.get('calls', id);
    return stored ? callTargets(store.list('screens'), stored).length : undefined;
  };

  return {
    /** Sends a call unless its id was seen; resolves once it is stored. Everything before the first await is synchronous. */
    async submit(req: CallRequest): Promise<{ id: string; screens: number; duplicate: boolean; call?: QueueCall }> {
      const prior = priorCount(req.id);
      if (prior !== undefined) return { id: req.id, screens: prior, duplicate: true };
      const now = clock();
      const receivedAt = req.receivedAt ?? now;
      const targets = callTargets(store.list('screens'), req, req.allowedHallIds);
      seen.set(req.id, targets.length);
      if (deps.claimCallId) {
        // Redis answers in request order on one connection, so calls keep the order they arrived in.
        const other = await deps.claimCallId(req.hallId, req.id, targets.length).catch((err) => (seen.delete(req.id), Promise.reject(err)));
        if (other !== undefined) return { id: req.id, screens: other, duplicate: true };
      }
      const ticket = req.ticket.toUpperCase();
      const hall = req.hallId !== undefined ? store.get('halls', req.hallId) : undefined;
      const version = deps.voiceVersion();
      const recall = req.kind === 'recall';
      const call: QueueCall = {
        id: req.id,
        ticket,
        counter: req.counter,
        ...(req.hallId !== undefined && { hallId: req.hallId }),
        ...(req.service !== undefined && { service: req.service }),
        kind: req.kind ?? 'call',
        text: callText(ticket, req.counter, hall?.callTemplate),
        ...(version !== undefined && { audioUrl: callAudioUrl(ticket, req.counter, { version, recall }) }),
        repeat: DEFAULT_REPEAT,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + CALL_TTL_MS).toISOString(),
      };
      const screenIds = targets.map((s) => s.id);
      acks.track('call', call.id, receivedAt, screenIds);
      bus.publish({ type: 'call', call, screenIds });
      if (call.hallId !== undefined) {
        const event: QueueEvent = req.event ?? {
          type: 'ticket.called',
          eventId: call.id,
          hallId: call.hallId,
          occurredAt: call.createdAt,
          ticket,
          counter: call.counter,
          ...(call.service !== undefined && { service: call.service }),
        };
        queues.apply(event, call);
      }
      log.write({ record: 'call', ...call, screens: targets.length });
      audit.write({ who: req.actor ?? 'unknown', action: `queue.${call.kind}`, id: call.id, ticket, counter: call.counter, hallId: call.hallId, targets: screenIds.length });
      try {
        await store.transact((tx) => {
          tx.insert('calls', call);
          const calls = tx.list('calls');
          if (calls.length > KEEP_CALLS) {
            const cut = calls[calls.length - KEEP_CALLS]!.createdAt;
            tx.retain('calls', (c) => c.createdAt >= cut);
          }
          if (call.hallId !== undefined) queues.persist(tx, call.hallId);
        });
      } catch (err) {
        seen.delete(req.id);
        throw err;
      }
      if (seen.size > KEEP_CALLS * 4) for (const id of [...seen.keys()].slice(0, seen.size - KEEP_CALLS * 2)) seen.delete(id);
      return { id: req.id, screens: targets.length, duplicate: false, call };
    },
  };
}
export type CallService = ReturnType<typeof createCallService>;
