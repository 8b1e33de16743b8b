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
import type { HallWriter } from '../cluster/hall-writer';
import type { CallKeys } from './call-keys';
import { IDEMPOTENCY_WINDOW_MS, createIdempotencyWindow } from './idempotency-window';
import type { HallQueue } from '../store/data';
import type { StoreReader, Transaction } from '../store/store';

/**
 * Event ids are remembered per hall for idempotency by the calls' rule (idempotency-window.ts): every
 * id of the last EVENT_WINDOW_MS, however many events came since, at most EVENT_WINDOW_IDS per hall
 * (20 events/s, the rate limit, for over 4 minutes), persisted with the hall's queue record.
 */
export const EVENT_WINDOW_MS = IDEMPOTENCY_WINDOW_MS;
export const EVENT_WINDOW_IDS = 5000;
/** An event id is the queue system's, one stream per hall whoever relays it: one sender per hall. */
const EVENTS = '';

/** Other instances' events kept for a replay after a resync (cluster/hall-writer.ts writes within seconds). */
const REPLAY_MS = 60_000;
const REPLAY_MAX = 200;

const laterThan = (a: string | undefined, b: string): boolean => a !== undefined && Date.parse(a) > Date.parse(b);

interface Entry {
  state: QueueState;
}

/** The board without its revision: each instance numbers its own revisions. */
const sameBoard = (a: QueueState, b: QueueState): boolean => JSON.stringify({ ...a, rev: 0 }) === JSON.stringify({ ...b, rev: 0 });

export function createHallQueues(deps: {
  store: StoreReader;
  bus: Bus;
  clock: () => number;
  callKeys?: CallKeys;
  /** Cluster: the hall's single writer, whose fence goes with every write of a hall's record. */
  writer?: Pick<HallWriter, 'stamp'>;
}) {
  const { store, bus, clock } = deps;
  const halls = new Map<string, Entry>();
  const windowOf = () => createIdempotencyWindow<true>({ clock, windowMs: EVENT_WINDOW_MS, perSender: EVENT_WINDOW_IDS, perScope: EVENT_WINDOW_IDS });
  /** The event ids this instance applied and stores. */
  const events = windowOf();
  for (const rec of store.list('queues')) {
    halls.set(rec.id, { state: rec.state });
    events.load(rec.id, rec.eventIds.map((key, i) => ({ sender: EVENTS, key, value: true as const, at: rec.eventAt?.[i] })));
  }

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
    if (!e) halls.set(hallId, (e = { state: emptyQueueState(hallId, new Date(clock()).toISOString()) }));
    return e;
  };
  /** A call older than the one the board shows at its counter (no `seq` orders them; the player drops such a call the same way). */
  const olderCall = (e: Entry, event: QueueEvent, call: QueueCall | undefined): boolean =>
    call !== undefined && event.seq === undefined && laterThan(e.state.counters.find((c) => c.counter === call.counter)?.calledAt, call.createdAt);
  /**
   * What other instances' events changed here lately, per hall: after a resync takes the board from
   * the store, those the store does not hold yet (the writer is still writing them) are applied again.
   */
  const lately = new Map<string, { event: QueueEvent; call?: QueueCall; at: number }[]>();
  const remember = (hallId: string, event: QueueEvent, call: QueueCall | undefined): void => {
    const list = lately.get(hallId) ?? [];
    list.push({ event, ...(call && { call }), at: clock() });
    if (list.length > REPLAY_MAX) list.shift();
    lately.set(hallId, list);
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
    const wasHeard = msg.event !== undefined && heard.claim(remote.hallId, EVENTS, msg.event.eventId, true) !== undefined;
    if (!e || !msg.event) {
      // A hall new to us: its state is all we know; a sender without events: newest state wins.
      if (!e) halls.set(remote.hallId, { state: remote });
      else if (remote.updatedAt >= e.state.updatedAt) e.state = remote;
      return;
    }
    const event = msg.event;
    // Already applied here (the queue system sent it to both of us), or an older call (olderCall).
    const known = events.find(remote.hallId, EVENTS, event.eventId) !== undefined || wasHeard;
    const call = msg.type === 'call' ? msg.call : undefined;
    const { changed, state } = known || olderCall(e, event, call) ? { changed: false, state: e.state } : commit(event, call);
    if (changed) remember(remote.hallId, event, call);
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
  const heard = windowOf();

  /**
   * The stored record as this instance's truth (cluster: after taking the hall over from another
   * instance, or after Redis lost messages): the board is the store's (under our own revision
   * sequence, so screens take it) and its event ids count as applied here. Our screens get the
   * board when it differs from what they have.
   */
  const adopt = (rec: HallQueue, replay = false): void => {
    const e = entry(rec.id);
    const known = new Set(events.entries(rec.id).map((t) => t.key));
    events.load(rec.id, rec.eventIds.flatMap((key, i) => (known.has(key) ? [] : [{ sender: EVENTS, key, value: true as const, at: rec.eventAt?.[i] }])));
    const before = e.state;
    e.state = { ...rec.state, rev: before.rev ?? 0 };
    if (replay) {
      const stored = new Set(rec.eventIds);
      const calls = new Set(rec.state.recentCalls.map((c) => c.id));
      const since = clock() - REPLAY_MS;
      for (const r of lately.get(rec.id) ?? [])
        if (r.at >= since && !stored.has(r.event.eventId) && !(r.call && calls.has(r.call.id)) && !olderCall(e, r.event, r.call))
          e.state = applyQueueEvent(e.state, r.event, r.call).state;
    }
    if (sameBoard(before, e.state)) return void (e.state = before);
    e.state = { ...e.state, rev: (before.rev ?? 0) + 1 };
    (bus.publishLocal ?? bus.publish)({ type: 'queueState', state: e.state });
  };

  return {
    /** The hall's current state (empty if nothing happened there yet). */
    get(hallId: string): QueueState {
      return halls.get(hallId)?.state ?? emptyQueueState(hallId, new Date(clock()).toISOString());
    },
    hasEvent(hallId: string, eventId: string): boolean {
      if (events.find(hallId, EVENTS, eventId)) return true;
      return heard.find(hallId, EVENTS, eventId) !== undefined && (store.get('queues', hallId)?.eventIds.includes(eventId) ?? false);
    },
    /** Marks an event id as taken, before any await, so a concurrent repeat is seen as a duplicate. */
    rememberEvent(hallId: string, eventId: string): void {
      entry(hallId);
      events.claim(hallId, EVENTS, eventId, true);
    },
    /** Undoes rememberEvent when the event could not be stored, so the queue system's retry is applied. */
    forgetEvent(hallId: string, eventId: string): void {
      events.release(hallId, EVENTS, eventId);
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
    adopt: (rec: HallQueue) => adopt(rec),
    /**
     * After Redis lost messages: adopts the stored record when it holds something this instance never
     * applied (an event id, or a call on the board). Nothing missed, nothing done: our board may be
     * ahead of the store with the writer's events still being written.
     */
    resync(rec: HallQueue): boolean {
      const e = halls.get(rec.id);
      const calls = new Set(e?.state.recentCalls.map((c) => c.id));
      // Only ids young enough to be in our windows still: an older one we may simply have let go.
      const since = clock() - EVENT_WINDOW_MS / 2;
      const unknown = (id: string, i: number): boolean => (rec.eventAt?.[i] ?? 0) >= since && !events.find(rec.id, EVENTS, id) && !heard.find(rec.id, EVENTS, id);
      const missed = !e || rec.eventIds.some(unknown) || rec.state.recentCalls.some((c) => !calls.has(c.id));
      if (missed) adopt(rec, true);
      return missed;
    },
    /** Writes the hall's current state and event window into a store transaction. */
    persist(tx: Transaction, hallId: string): void {
      const e = halls.get(hallId);
      if (!e) return;
      const taken = events.entries(hallId);
      const fence = deps.writer?.stamp(tx, hallId);
      const rec: HallQueue = {
        id: hallId,
        state: e.state,
        eventIds: taken.map((t) => t.key),
        eventAt: taken.map((t) => t.at),
        callKeys: deps.callKeys?.snapshot(hallId) ?? [],
        ...(fence !== undefined && { fence }),
      };
      if (tx.get('queues', hallId)) tx.replace('queues', rec);
      else tx.insert('queues', rec);
    },
  };
}
export type HallQueues = ReturnType<typeof createHallQueues>;
