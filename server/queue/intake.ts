/**
 * `POST /api/queue/events`, after auth: idempotency by `eventId` (per hall, the last 10 minutes: hall-queues.ts), staleness
 * by per-counter `seq`, calls for called/recalled tickets through the call service, the hall's queue
 * state, and one line per event in the calls log. Every event is stored (logged), stale or not.
 */
import type { QueueEvent } from '../../content/queue';
import { isStaleEvent } from '../../content/queue-state';
import { newId } from '../ids';
import type { AppendLog } from '../logs/append-log';
import type { HallWriter } from '../cluster/hall-writer';
import type { CallService } from '../queue-calls';
import type { Store } from '../store/store';
import type { HallQueues } from './hall-queues';

export type IntakeResult =
  | { status: 200; body: { eventId: string; duplicate: true } }
  | { status: 202; body: { eventId: string; applied: boolean; call?: { id: string; screens: number } } };

export function createQueueIntake(deps: { store: Store; queues: HallQueues; calls: CallService; log: AppendLog; writer?: HallWriter }) {
  const { store, queues, calls, log, writer } = deps;
  /** Events still being written, per hall and event id: a repeat is answered once the first is durable. */
  const inflight = new Map<string, Promise<unknown>>();
  /** The call id of an event whose write failed: its retry goes out under it, so screens take it as a repeat. */
  const unwritten = new Map<string, string>();

  return {
    async submit(event: QueueEvent, opts: { actor: string; receivedAt: number }): Promise<IntakeResult> {
      // Cluster: staleness and duplicates are judged on the board of the hall's one writer (held already: no await).
      const entering = writer?.enter(event.hallId);
      if (entering) await entering;
      try {
        return await take(event, opts);
      } finally {
        writer?.leave(event.hallId);
      }
    },
  };

  async function take(event: QueueEvent, opts: { actor: string; receivedAt: number }): Promise<IntakeResult> {
    const { hallId, eventId } = event;
    const key = `${hallId}\n${eventId}`;
    if (queues.hasEvent(hallId, eventId)) {
      // The first may still be writing: answering now would say stored for an event that may yet fail.
      await inflight.get(key);
      log.write({ record: 'event', eventId, hallId, type: event.type, duplicate: true, by: opts.actor });
      return { status: 200, body: { eventId, duplicate: true } };
    }
    // Taken before any await: a repeat arriving meanwhile is a duplicate, not a second call.
    queues.rememberEvent(hallId, eventId);
    const stale = isStaleEvent(queues.get(hallId), event);
    const callId = unwritten.get(key) ?? newId('call');
    let settle: (err?: unknown) => void = () => {};
    const written = new Promise<void>((resolve, reject) => (settle = (err) => (err === undefined ? resolve() : reject(err))));
    written.catch(() => {}); // only repeats await it; a failure nobody waits for is no crash
    inflight.set(key, written);
    try {
      if (!stale && (event.type === 'ticket.called' || event.type === 'ticket.recalled')) {
        const r = await calls.submit({
          id: callId,
          ticket: event.ticket,
          counter: event.counter,
          hallId,
          ...(event.service !== undefined && event.service !== '' && { service: event.service }),
          kind: event.type === 'ticket.recalled' ? 'recall' : 'call',
          receivedAt: opts.receivedAt,
          actor: opts.actor,
          event,
          writerHeld: writer !== undefined,
        });
        log.write({ record: 'event', ...event, applied: true, callId: r.id, by: opts.actor });
        return { status: 202, body: { eventId, applied: true, call: { id: r.id, screens: r.screens } } };
      }
      if (!stale) queues.apply(event);
      log.write({ record: 'event', ...event, applied: !stale, by: opts.actor });
      await store.transact((tx) => queues.persist(tx, hallId));
      return { status: 202, body: { eventId, applied: !stale } };
    } catch (err) {
      queues.forgetEvent(hallId, eventId);
      unwritten.set(key, callId);
      if (unwritten.size > 2000) unwritten.delete(unwritten.keys().next().value!);
      settle(err ?? new Error('queue event not stored'));
      throw err;
    } finally {
      inflight.delete(key);
      settle();
    }
  }
}
export type QueueIntake = ReturnType<typeof createQueueIntake>;
