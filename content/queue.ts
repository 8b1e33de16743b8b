/**
 * The queue system's (排队叫号) full event set and the per-hall queue state screens draw boards from.
 * `POST /api/queue/calls` stays the simple form; `POST /api/queue/events` takes these.
 */
import { z } from 'zod';
import { CounterId, Id, IsoInstant, QueueCall, Ticket } from './model';

export const CounterState = z.enum(['idle', 'serving', 'paused', 'closed']);
export type CounterState = z.infer<typeof CounterState>;

const base = {
  /** Idempotency key: the same id is applied once; a repeat answers `200 { duplicate: true }`. */
  eventId: z.string().trim().min(1).max(128),
  hallId: Id,
  occurredAt: IsoInstant,
  /** Per-counter order: an event older than the last applied one for its counter is stored, not shown. */
  seq: z.number().int().min(0).optional(),
};
const Service = z.string().trim().max(60);
/**
 * Waiting count of one service; `minutes` (optional, a compatible extension) is the estimated wait of
 * someone who takes a ticket now, whole minutes: the hall's own queue sends it, an outside system may.
 */
const WaitingCount = z.object({ service: Service.min(1), count: z.number().int().min(0).max(100_000), minutes: z.number().int().min(0).max(100_000).optional() });

export const QueueEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ticket.called'), ...base, ticket: Ticket, counter: CounterId, service: Service.optional() }),
  z.object({ type: z.literal('ticket.recalled'), ...base, ticket: Ticket, counter: CounterId, service: Service.optional() }),
  z.object({ type: z.literal('ticket.skipped'), ...base, ticket: Ticket, counter: CounterId }),
  z.object({ type: z.literal('ticket.cancelled'), ...base, ticket: Ticket, counter: CounterId.optional() }),
  z.object({ type: z.literal('counter.paused'), ...base, counter: CounterId }),
  z.object({ type: z.literal('counter.resumed'), ...base, counter: CounterId }),
  z.object({ type: z.literal('counter.closed'), ...base, counter: CounterId }),
  z.object({
    type: z.literal('queue.snapshot'),
    ...base,
    waiting: z.array(WaitingCount).max(100),
    counters: z.array(z.object({ counter: CounterId, state: CounterState, ticket: Ticket.optional() })).max(500),
  }),
]);
export type QueueEvent = z.infer<typeof QueueEvent>;

export const CounterStatus = z.object({
  counter: CounterId,
  state: CounterState,
  /** The ticket being served (after a call). */
  ticket: z.string().optional(),
  callId: z.string().optional(),
  calledAt: IsoInstant.optional(),
  /** Highest `seq` applied for this counter. */
  seq: z.number().int().optional(),
});
export type CounterStatus = z.infer<typeof CounterStatus>;

/** How many recent calls a hall's state keeps for boards (history of the last 5–10). */
export const QUEUE_HISTORY = 10;

/**
 * One row per counter: a state stored before counters had one spelling ("03" and "3") reads as two rows
 * named "3"; the newer (higher `seq`, else later `calledAt`) stays.
 */
function oneRowPerCounter(rows: CounterStatus[]): CounterStatus[] {
  const kept = new Map<string, CounterStatus>();
  for (const row of rows) {
    const prev = kept.get(row.counter);
    const newer = !prev || (row.seq !== undefined && prev.seq !== undefined ? row.seq > prev.seq : Date.parse(row.calledAt ?? '') > Date.parse(prev.calledAt ?? '') || prev.calledAt === undefined);
    if (newer) kept.set(row.counter, row);
  }
  return kept.size === rows.length ? rows : [...kept.values()];
}

export const QueueState = z.object({
  hallId: Id,
  counters: z.array(CounterStatus).transform(oneRowPerCounter),
  /** Newest first, at most QUEUE_HISTORY. */
  recentCalls: z.array(QueueCall).max(QUEUE_HISTORY),
  waiting: z.array(WaitingCount),
  updatedAt: IsoInstant,
  /** Revision: +1 on every change the server applies, so a screen can order a delta against a full state. */
  rev: z.number().int().min(0).optional(),
});
export type QueueState = z.infer<typeof QueueState>;

/**
 * What one call changed on its hall's board, carried inside the `call` frame (the call itself goes on
 * top of `recentCalls`): screens apply it instead of waiting for a whole board. `rev` is the hall's
 * state revision after the call.
 */
export const BoardDelta = z.object({
  rev: z.number().int().min(0),
  counter: CounterStatus,
  updatedAt: IsoInstant,
});
export type BoardDelta = z.infer<typeof BoardDelta>;
