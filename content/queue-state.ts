/**
 * The queue board state of one hall, as a pure reducer over queue events (排队叫号). The server runs it
 * on every accepted event and pushes the result to the hall's screens; it is also the one place the
 * rules are written down:
 *
 * - Order is per counter: an event with a `seq` lower than the last applied `seq` of its counter is
 *   stale: the state stays as it is (the caller still stores and logs the event). Equal or higher, or
 *   no `seq` at all, applies. Events without a counter (a 弃号 of a ticket at no counter) check the
 *   counters that serve the ticket.
 * - `ticket.called` / `ticket.recalled`: the counter serves the ticket; the call goes on top of
 *   `recentCalls` (newest first, at most QUEUE_HISTORY, a call id appears once).
 * - `ticket.skipped` (过号) / `ticket.cancelled` (弃号): the counter is idle again if it was serving
 *   that ticket; otherwise nothing changes but the counter's `seq`.
 * - `counter.paused` keeps the ticket on record; `counter.resumed` goes back to serving it (or idle);
 *   `counter.closed` forgets the ticket.
 * - `queue.snapshot` replaces waiting counts (with their estimated minutes, when the sender gives them)
 *   and the counters (those it does not list are dropped),
 *   except counters whose `seq` is newer than the snapshot's, which keep their state.
 * - At most MAX_COUNTERS counters: a new counter past that is not added (the event is stale).
 */
import type { QueueCall } from './model';
import { QUEUE_HISTORY, type CounterStatus, type QueueEvent, type QueueState } from './queue';

/** A hall never has more counters than this on its board; the snapshot schema allows as many. */
export const MAX_COUNTERS = 500;

/** The state of a hall nobody has called in yet. */
export function emptyQueueState(hallId: string, at: string): QueueState {
  return { hallId, counters: [], recentCalls: [], waiting: [], updatedAt: at };
}

export interface QueueUpdate {
  state: QueueState;
  /** The event is older than what the state already shows (or could not be placed): nothing changed. */
  stale: boolean;
}

const byCounter = (a: CounterStatus, b: CounterStatus): number => a.counter.localeCompare(b.counter, 'en', { numeric: true });

const olderThan = (seq: number | undefined, counter: CounterStatus | undefined): boolean =>
  seq !== undefined && counter?.seq !== undefined && seq < counter.seq;

const maxSeq = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

const later = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);

/** Whether `event` is older than what `state` shows for its counter(s): such an event changes nothing. */
export function isStaleEvent(state: QueueState, event: QueueEvent): boolean {
  return applyQueueEvent(state, event).stale;
}

/** The state after `event`. `call` is the queue call the server made for a called/recalled ticket. */
export function applyQueueEvent(state: QueueState, event: QueueEvent, call?: QueueCall): QueueUpdate {
  const unchanged: QueueUpdate = { state, stale: true };
  const find = (counter: string): CounterStatus | undefined => state.counters.find((c) => c.counter === counter);
  /** The state with one counter replaced (or added); undefined when it would exceed MAX_COUNTERS. */
  const withCounter = (next: CounterStatus, extra: Partial<QueueState> = {}): QueueState | undefined => {
    const exists = state.counters.some((c) => c.counter === next.counter);
    if (!exists && state.counters.length >= MAX_COUNTERS) return undefined;
    const counters = exists ? state.counters.map((c) => (c.counter === next.counter ? next : c)) : [...state.counters, next].sort(byCounter);
    return { ...state, ...extra, counters, updatedAt: later(state.updatedAt, event.occurredAt) };
  };
  const done = (next: QueueState | undefined): QueueUpdate => (next ? { state: next, stale: false } : unchanged);

  switch (event.type) {
    case 'ticket.called':
    case 'ticket.recalled': {
      const prev = find(event.counter);
      if (olderThan(event.seq, prev)) return unchanged;
      const next: CounterStatus = {
        counter: event.counter,
        state: 'serving',
        ticket: event.ticket.toUpperCase(),
        ...(call && { callId: call.id }),
        calledAt: call?.createdAt ?? event.occurredAt,
        ...seqOf(maxSeq(prev?.seq, event.seq)),
      };
      const recentCalls = call ? [call, ...state.recentCalls.filter((c) => c.id !== call.id)].slice(0, QUEUE_HISTORY) : state.recentCalls;
      return done(withCounter(next, { recentCalls }));
    }
    case 'ticket.skipped':
    case 'ticket.cancelled': {
      const ticket = event.ticket.toUpperCase();
      const counters = event.counter !== undefined ? [event.counter] : state.counters.filter((c) => c.ticket === ticket).map((c) => c.counter);
      if (counters.length === 0) return { state, stale: false };
      let next = state;
      let stale = true;
      for (const id of counters) {
        const prev = next.counters.find((c) => c.counter === id);
        if (olderThan(event.seq, prev)) continue;
        stale = false;
        if (!prev) continue;
        const serving = prev.ticket === ticket;
        const status: CounterStatus = serving
          ? { counter: prev.counter, state: prev.state === 'serving' ? 'idle' : prev.state, ...seqOf(maxSeq(prev.seq, event.seq)) }
          : { ...prev, ...seqOf(maxSeq(prev.seq, event.seq)) };
        next = { ...next, counters: next.counters.map((c) => (c.counter === id ? status : c)), updatedAt: later(next.updatedAt, event.occurredAt) };
      }
      return { state: next, stale };
    }
    case 'counter.paused':
    case 'counter.resumed':
    case 'counter.closed': {
      const prev = find(event.counter);
      if (olderThan(event.seq, prev)) return unchanged;
      const seq = seqOf(maxSeq(prev?.seq, event.seq));
      const base = { counter: event.counter, ...seq };
      let next: CounterStatus;
      if (event.type === 'counter.closed') next = { ...base, state: 'closed' };
      else if (event.type === 'counter.paused') next = { ...prev, ...base, state: 'paused' };
      else next = { ...prev, ...base, state: prev?.ticket ? 'serving' : 'idle' };
      return done(withCounter(next));
    }
    case 'queue.snapshot': {
      const kept = state.counters.filter((c) => olderThan(event.seq, c));
      const mentioned = event.counters.map((c) => c.counter);
      if (event.seq !== undefined && mentioned.length > 0 && mentioned.every((id) => kept.some((k) => k.counter === id))) return unchanged;
      const keptIds = new Set(kept.map((c) => c.counter));
      const fresh: CounterStatus[] = [];
      for (const c of event.counters) {
        if (keptIds.has(c.counter) || fresh.some((f) => f.counter === c.counter)) continue;
        const prev = find(c.counter);
        const ticket = c.ticket?.toUpperCase();
        // The same ticket still at the same counter keeps its call, so boards keep highlighting it.
        const sameCall = prev && prev.ticket === ticket && ticket !== undefined ? { callId: prev.callId, calledAt: prev.calledAt } : {};
        fresh.push(stripUndefined({ counter: c.counter, state: c.state, ticket, ...sameCall, ...seqOf(maxSeq(prev?.seq, event.seq)) }));
      }
      const counters = [...kept, ...fresh].sort(byCounter).slice(0, MAX_COUNTERS);
      return { state: { ...state, counters, waiting: event.waiting.map((w) => ({ ...w })), updatedAt: later(state.updatedAt, event.occurredAt) }, stale: false };
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}

const seqOf = (seq: number | undefined): { seq?: number } => (seq === undefined ? {} : { seq });

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
