/**
 * Queue state per hall: held in memory (events apply synchronously, in arrival order), persisted in
 * the store with the hall's last event ids and call keys, and pushed to the hall's screens through the
 * bus. Every change bumps the state's `rev`. A call's change travels inside the call's own bus event
 * (the call frame carries the board delta), so `applyCall` publishes nothing itself.
 */
import type { QueueCall } from '../../content/model';
import type { BoardDelta, QueueEvent, QueueState } from '../../content/queue';
import { applyQueueEvent, emptyQueueState, type QueueUpdate } from '../../content/queue-state';
import type { Bus } from '../bus';
import type { CallKeys } from './call-keys';
import type { HallQueue } from '../store/data';
import type { StoreReader, Transaction } from '../store/store';

/** Event ids remembered per hall for idempotency (persisted): a retry after this many newer events is applied again. */
export const EVENT_WINDOW = 256;

const laterThan = (a: string | undefined, b: string): boolean => a !== undefined && Date.parse(a) > Date.parse(b);

interface Entry {
  state: QueueState;
  /** Oldest first; mirrors `ids`. */
  order: string[];
  ids: Set<string>;
}

export function createHallQueues(deps: { store: StoreReader; bus: Bus; clock: () => number; callKeys?: CallKeys }) {
  const { store, bus, clock } = deps;
  const halls = new Map<string, Entry>();
  for (const rec of store.list('queues')) halls.set(rec.id, { state: rec.state, order: [...rec.eventIds], ids: new Set(rec.eventIds) });

  /** Applies an event to the hall's state; a change gets the next revision. */
  const commit = (event: QueueEvent, call?: QueueCall): QueueUpdate & { changed: boolean } => {
    const e = entry(event.hallId);
    const update = applyQueueEvent(e.state, event, call);
    if (update.state === e.state) return { ...update, changed: false };
    e.state = { ...update.state, rev: (e.state.rev ?? 0) + 1 };
    return { ...update, state: e.state, changed: true };
  };

  const entry = (hallId: string): Entry => {
    let e = halls.get(hallId);
    if (!e) halls.set(hallId, (e = { state: emptyQueueState(hallId, new Date(clock()).toISOString()), order: [], ids: new Set() }));
    return e;
  };
  // Cluster: another instance applied an event of this hall. We apply the same event to our own state
  // with the same reducer (adopting its whole state instead would drop what we applied meanwhile: two
  // counters called on two instances at once must both stay on every board), then put our view in the
  // message for the hubs that listen after us. Our own publishes come back as the very same object.
  bus.subscribe((msg) => {
    if (msg.type !== 'queueState' && msg.type !== 'call') return;
    const remote = msg.state;
    if (!remote) return;
    const e = halls.get(remote.hallId);
    if (e && remote === e.state) return;
    const wasHeard = msg.event !== undefined && (heard.get(remote.hallId)?.has(msg.event.eventId) ?? false);
    if (msg.event) hear(remote.hallId, msg.event.eventId);
    if (!e || !msg.event) {
      // A hall new to us: its state is all we know; a sender without events: newest state wins.
      if (!e) halls.set(remote.hallId, { state: remote, order: [], ids: new Set() });
      else if (remote.updatedAt >= e.state.updatedAt) e.state = remote;
      return;
    }
    const event = msg.event;
    // Already applied here (the queue system sent it to both of us), or a call older than the one our
    // board shows at its counter (no `seq` orders them; the player drops such a call the same way).
    const known = e.ids.has(event.eventId) || wasHeard;
    const older = msg.type === 'call' && event.seq === undefined && laterThan(e.state.counters.find((c) => c.counter === msg.call.counter)?.calledAt, msg.call.createdAt);
    const { changed, state } = known || older ? { changed: false, state: e.state } : commit(event, msg.type === 'call' ? msg.call : undefined);
    msg.state = state;
    if (msg.type === 'call') {
      const counter = changed ? state.counters.find((c) => c.counter === msg.call.counter) : undefined;
      msg.board = counter && { rev: state.rev ?? 0, counter, updatedAt: state.updatedAt };
    }
  });

  /**
   * Event ids another instance applied: kept apart from our own (which mean "stored here"), because the
   * other may die before its write. A retry of one sent to us is a duplicate only once the store holds it.
   */
  const heard = new Map<string, Set<string>>();
  const hear = (hallId: string, eventId: string): void => {
    let set = heard.get(hallId);
    if (!set) heard.set(hallId, (set = new Set()));
    set.add(eventId);
    // Bounded like our own window (a Set keeps insertion order: drop the oldest).
    if (set.size > EVENT_WINDOW) set.delete(set.values().next().value!);
  };

  /** Marks an event id as taken in its hall's bounded window. */
  const remember = (hallId: string, eventId: string): void => {
    const e = entry(hallId);
    if (e.ids.has(eventId)) return;
    e.ids.add(eventId);
    e.order.push(eventId);
    while (e.order.length > EVENT_WINDOW) e.ids.delete(e.order.shift()!);
  };

  return {
    /** The hall's current state (empty if nothing happened there yet). */
    get(hallId: string): QueueState {
      return halls.get(hallId)?.state ?? emptyQueueState(hallId, new Date(clock()).toISOString());
    },
    hasEvent(hallId: string, eventId: string): boolean {
      if (halls.get(hallId)?.ids.has(eventId)) return true;
      return (heard.get(hallId)?.has(eventId) ?? false) && (store.get('queues', hallId)?.eventIds.includes(eventId) ?? false);
    },
    /** Marks an event id as taken, before any await, so a concurrent repeat is seen as a duplicate. */
    rememberEvent(hallId: string, eventId: string): void {
      remember(hallId, eventId);
    },
    /** Undoes rememberEvent when the event could not be stored, so the queue system's retry is applied. */
    forgetEvent(hallId: string, eventId: string): void {
      const e = halls.get(hallId);
      if (!e?.ids.delete(eventId)) return;
      e.order.splice(e.order.lastIndexOf(eventId), 1);
    },
    /** Applies an event; when the state changed, every screen of the hall is told. */
    apply(event: QueueEvent, call?: QueueCall): QueueUpdate {
      const { changed, ...update } = commit(event, call);
      if (changed) bus.publish({ type: 'queueState', state: update.state, event });
      return update;
    },
    /**
     * Applies a call's event without publishing: the caller sends the returned delta with the call
     * (`delta` is undefined when the state did not change, e.g. a stale event).
     */
    applyCall(event: QueueEvent, call: QueueCall): QueueUpdate & { delta?: BoardDelta } {
      const { changed, ...update } = commit(event, call);
      if (!changed) return update;
      const counter = update.state.counters.find((c) => c.counter === call.counter);
      // A change the delta cannot say: the whole board goes out as for any other event.
      if (!counter) return bus.publish({ type: 'queueState', state: update.state, event }), update;
      return { ...update, delta: { rev: update.state.rev ?? 0, counter, updatedAt: update.state.updatedAt } };
    },
    /** Writes the hall's current state and event window into a store transaction. */
    persist(tx: Transaction, hallId: string): void {
      const e = halls.get(hallId);
      if (!e) return;
      const rec: HallQueue = { id: hallId, state: e.state, eventIds: [...e.order], callKeys: deps.callKeys?.snapshot(hallId) ?? [] };
      if (tx.get('queues', hallId)) tx.replace('queues', rec);
      else tx.insert('queues', rec);
    },
  };
}
export type HallQueues = ReturnType<typeof createHallQueues>;
