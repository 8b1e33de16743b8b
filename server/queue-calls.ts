/**
 * Queue-call intake: idempotency, targeting and fan-out. A call goes onto the bus first (screens see
 * it at once) and is persisted before the HTTP answer, so an acknowledged call is never lost.
 */
import { CALL_TTL_MS, callText, type QueueCall, type Screen } from '../content/model';
import type { Bus } from './bus';
import type { AppendLog } from './logs/append-log';
import type { Store } from './store/store';

/** How many calls the store keeps (idempotency window and history); older ones live in the call log. */
export const KEEP_CALLS = 500;

export interface CallRequest {
  id: string;
  ticket: string;
  counter: string;
  hallId?: string;
  service?: string;
  /** Halls the caller may reach; undefined = all. */
  allowedHallIds?: string[];
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

export function createCallService(deps: { store: Store; bus: Bus; clock: () => number; log: AppendLog }) {
  const { store, bus, clock, log } = deps;
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
    /** Sends a call unless its id was seen; resolves once it is stored. */
    async submit(req: CallRequest): Promise<{ id: string; screens: number; duplicate: boolean }> {
      const prior = priorCount(req.id);
      if (prior !== undefined) return { id: req.id, screens: prior, duplicate: true };
      const targets = callTargets(store.list('screens'), req, req.allowedHallIds);
      seen.set(req.id, targets.length);
      const now = clock();
      const call: QueueCall = {
        id: req.id,
        ticket: req.ticket.toUpperCase(),
        counter: req.counter,
        ...(req.hallId !== undefined && { hallId: req.hallId }),
        ...(req.service !== undefined && { service: req.service }),
        text: callText(req.ticket, req.counter),
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + CALL_TTL_MS).toISOString(),
      };
      bus.publish({ type: 'call', call, screenIds: targets.map((s) => s.id) });
      log.write({ ...call, screens: targets.length });
      try {
        await store.transact((tx) => {
          tx.insert('calls', call);
          const calls = tx.list('calls');
          if (calls.length > KEEP_CALLS) {
            const cut = calls[calls.length - KEEP_CALLS]!.createdAt;
            tx.retain('calls', (c) => c.createdAt >= cut);
          }
        });
      } catch (err) {
        seen.delete(req.id);
        throw err;
      }
      if (seen.size > KEEP_CALLS * 4) for (const id of [...seen.keys()].slice(0, seen.size - KEEP_CALLS * 2)) seen.delete(id);
      return { id: req.id, screens: targets.length, duplicate: false };
    },
  };
}
export type CallService = ReturnType<typeof createCallService>;
