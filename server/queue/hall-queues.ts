/**
 * Queue state per hall: held in memory (events apply synchronously, in arrival order), persisted in
 * the store with the hall's last event ids, and pushed to the hall's screens through the bus.
 */
import type { QueueCall } from '../../content/model';
import type { QueueEvent, QueueState } from '../../content/queue';
import { applyQueueEvent, emptyQueueState, type QueueUpdate } from '../../content/queue-state';
import type { Bus } from '../bus';
import type { HallQueue } from '../store/data';
import type { StoreReader, Transaction } from '../store/store';

/** Event ids remembered per hall for idempotency (persisted): a retry after this many newer events is applied again. */
export const EVENT_WINDOW = 256;

interface Entry {
  state: QueueState;
  /** Oldest first; mirrors `ids`. */
  order: string[];
  ids: Set<string>;
}

export function createHallQueues(deps: { store: StoreReader; bus: Bus; clock: () => number }) {
  const { store, bus, clock } = deps;
  const halls = new Map<string, Entry>();
  for (const rec of store.list('queues')) halls.set(rec.id, { state: rec.state, order: [...rec.eventIds], ids: new Set(rec.eventIds) });

  const entry = (hallId: string): Entry => {
    let e = halls.get(hallId);
    if (!e) halls.set(hallId, (e = { state: emptyQueueState(hallId, new Date(clock()).toISOString()), order: [], ids: new Set() }));
    return e;
  };
  // Cluster: another instance applied an event of this hall; adopt its state unless ours is newer
  // (our own publishes come back as the very same object and change nothing).
  bus.subscribe((event) => {
    if (event.type !== 'queueState') return;
    const e = halls.get(event.state.hallId);
    if (!e) halls.set(event.state.hallId, { state: event.state, order: [], ids: new Set() });
    else if (event.state !== e.state && event.state.updatedAt >= e.state.updatedAt) e.state = event.state;
  });

  return {
    /** The hall's current state (empty if nothing happened there yet). */
    get(hallId: string): QueueState {
      return halls.get(hallId)?.state ?? emptyQueueState(hallId, new Date(clock()).toISOString());
    },
    hasEvent(hallId: string, eventId: string): boolean {
      return halls.get(hallId)?.ids.has(eventId) ?? false;
    },
    /** Marks an event id as taken, before any await, so a concurrent repeat is seen as a duplicate. */
    rememberEvent(hallId: string, eventId: string): void {
      const e = entry(hallId);
      if (e.ids.has(eventId)) return;
      e.ids.add(eventId);
      e.order.push(eventId);
      while (e.order.length > EVENT_WINDOW) e.ids.delete(e.order.shift()!);
    },
    /** Undoes rememberEvent when the event could not be stored, so the queue system's retry is applied. */
    forgetEvent(hallId: string, eventId: string): void {
      const e = halls.get(hallId);
      if (!e?.ids.delete(eventId)) return;
      e.order.splice(e.order.lastIndexOf(eventId), 1);
    },
    /** Applies an event; when the state changed, every screen of the hall is told. */
    apply(event: QueueEvent, call?: QueueCall): QueueUpdate {
      const e = entry(event.hallId);
      const update = applyQueueEvent(e.state, event, call);
      if (update.state !== e.state) {
        e.state = update.state;
        bus.publish({ type: 'queueState', state: update.state });
      }
      return update;
    },
    /** Writes the hall's current state and event window into a store transaction. */
    persist(tx: Transaction, hallId: string): void {
      const e = halls.get(hallId);
      if (!e) return;
      const rec: HallQueue = { id: hallId, state: e.state, eventIds: [...e.order] };
      if (tx.get('queues', hallId)) tx.replace('queues', rec);
      else tx.insert('queues', rec);
    },
  };
}
export type HallQueues = ReturnType<typeof createHallQueues>;
