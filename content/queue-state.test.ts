/** The queue board reducer: one table per rule, with a fixed clock and no I/O. */
import { describe, expect, it } from 'vitest';
import type { QueueCall } from './model';
import { QUEUE_HISTORY, QueueState, type CounterStatus, type QueueEvent } from './queue';
import { MAX_COUNTERS, applyQueueEvent, emptyQueueState, isStaleEvent } from './queue-state';

const HALL = 'hall_t';
const T0 = Date.parse('2026-11-27T01:00:00.000Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
let n = 0;

type EventInput<T extends QueueEvent['type']> = Omit<Extract<QueueEvent, { type: T }>, 'type' | 'eventId' | 'hallId' | 'occurredAt'> & { occurredAt?: string };
function ev<T extends QueueEvent['type']>(type: T, fields: EventInput<T>): QueueEvent {
  n++;
  return { eventId: `e${n}`, hallId: HALL, occurredAt: at(n), ...fields, type } as unknown as QueueEvent;
}
const mkCall = (id: string, ticket: string, counter: string, s = 0, kind: 'call' | 'recall' = 'call'): QueueCall => ({
  id,
  ticket,
  counter,
  hallId: HALL,
  kind,
  text: `请 ${ticket} 号到 ${counter} 号窗口办理`,
  createdAt: at(s),
  expiresAt: at(s + 60),
});
const stateWith = (counters: CounterStatus[], extra: Partial<QueueState> = {}): QueueState => ({ ...emptyQueueState(HALL, at(0)), counters, ...extra });
const serving = (counter: string, ticket: string, seq?: number, callId = `c-${ticket}`): CounterStatus => ({
  counter,
  state: 'serving',
  ticket,
  callId,
  calledAt: at(0),
  ...(seq !== undefined && { seq }),
});

/** Deep-freezes so a reducer that mutates its input fails loudly. */
function frozen<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) frozen(v);
  }
  return o;
}
const apply = (state: QueueState, event: QueueEvent, call?: QueueCall) => {
  const r = applyQueueEvent(frozen(state), event, call);
  expect(() => QueueState.parse(r.state)).not.toThrow();
  return r;
};
const counter = (s: QueueState, id: string) => s.counters.find((c) => c.counter === id);

describe('ticket.called and ticket.recalled', () => {
  it('sets the counter serving the ticket and puts the call on top of recentCalls', () => {
    const call = mkCall('c1', 'A023', '3', 5);
    const { state, stale } = apply(emptyQueueState(HALL, at(0)), ev('ticket.called', { ticket: 'a023', counter: '3' }), call);
    expect(stale).toBe(false);
    expect(state.counters).toEqual([{ counter: '3', state: 'serving', ticket: 'A023', callId: 'c1', calledAt: call.createdAt }]);
    expect(state.recentCalls).toEqual([call]);
  });

  it.each([
    ['an idle counter', { counter: '3', state: 'idle' } as CounterStatus],
    ['a counter serving another ticket', serving('3', 'A001')],
    ['a paused counter', { counter: '3', state: 'paused', ticket: 'A001' } as CounterStatus],
    ['a closed counter', { counter: '3', state: 'closed' } as CounterStatus],
  ])('calling at %s makes it serve the new ticket', (_name, before) => {
    const { state } = apply(stateWith([before]), ev('ticket.called', { ticket: 'B002', counter: '3' }), mkCall('c2', 'B002', '3'));
    expect(counter(state, '3')).toMatchObject({ state: 'serving', ticket: 'B002', callId: 'c2' });
  });

  it('a recall is a new call on top of the history, the counter keeps serving the same ticket', () => {
    const first = mkCall('c1', 'A023', '3', 1);
    const again = mkCall('c2', 'A023', '3', 2, 'recall');
    let s = apply(emptyQueueState(HALL, at(0)), ev('ticket.called', { ticket: 'A023', counter: '3' }), first).state;
    s = apply(s, ev('ticket.recalled', { ticket: 'A023', counter: '3' }), again).state;
    expect(s.recentCalls.map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(counter(s, '3')).toMatchObject({ state: 'serving', ticket: 'A023', callId: 'c2' });
  });

  it(`keeps at most ${QUEUE_HISTORY} recent calls, newest first`, () => {
    let s = emptyQueueState(HALL, at(0));
    for (let i = 0; i < QUEUE_HISTORY + 3; i++) s = apply(s, ev('ticket.called', { ticket: `A${i}`, counter: String(i % 4) }), mkCall(`c${i}`, `A${i}`, String(i % 4), i)).state;
    expect(s.recentCalls.map((c) => c.id)).toEqual(Array.from({ length: QUEUE_HISTORY }, (_, i) => `c${QUEUE_HISTORY + 2 - i}`));
  });

  it('a call id already in the history moves to the top instead of appearing twice', () => {
    const c1 = mkCall('c1', 'A1', '1');
    const c2 = mkCall('c2', 'A2', '2');
    let s = apply(emptyQueueState(HALL, at(0)), ev('ticket.called', { ticket: 'A1', counter: '1' }), c1).state;
    s = apply(s, ev('ticket.called', { ticket: 'A2', counter: '2' }), c2).state;
    s = apply(s, ev('ticket.called', { ticket: 'A1', counter: '1' }), c1).state;
    expect(s.recentCalls.map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('without a call (no announcement) it still sets the counter but adds no history', () => {
    const e = ev('ticket.called', { ticket: 'A5', counter: '2' });
    const { state } = apply(emptyQueueState(HALL, at(0)), e);
    expect(counter(state, '2')).toEqual({ counter: '2', state: 'serving', ticket: 'A5', calledAt: e.occurredAt });
    expect(state.recentCalls).toEqual([]);
  });
});

describe('ticket.skipped (过号) and ticket.cancelled (弃号)', () => {
  it.each([
    ['skipped, matching ticket', ev('ticket.skipped', { ticket: 'A1', counter: '3' }), { counter: '3', state: 'idle' }],
    ['skipped, lower-case ticket', ev('ticket.skipped', { ticket: 'a1', counter: '3' }), { counter: '3', state: 'idle' }],
    ['skipped, other ticket', ev('ticket.skipped', { ticket: 'A9', counter: '3' }), serving('3', 'A1')],
    ['cancelled at the counter', ev('ticket.cancelled', { ticket: 'A1', counter: '3' }), { counter: '3', state: 'idle' }],
    ['cancelled, no counter given', ev('ticket.cancelled', { ticket: 'A1' }), { counter: '3', state: 'idle' }],
    ['cancelled, other ticket, no counter', ev('ticket.cancelled', { ticket: 'A9' }), serving('3', 'A1')],
  ])('%s', (_name, event, expected) => {
    const { state, stale } = apply(stateWith([serving('3', 'A1'), serving('5', 'B1')]), event);
    expect(stale).toBe(false);
    expect(counter(state, '3')).toEqual(expected);
    expect(counter(state, '5')).toEqual(serving('5', 'B1'));
  });

  it('clears the ticket of a paused counter but leaves it paused', () => {
    const { state } = apply(stateWith([{ counter: '3', state: 'paused', ticket: 'A1' }]), ev('ticket.skipped', { ticket: 'A1', counter: '3' }));
    expect(counter(state, '3')).toEqual({ counter: '3', state: 'paused' });
  });

  it('at a counter the board does not know yet it changes nothing and is not stale', () => {
    const before = stateWith([serving('3', 'A1')]);
    const r = apply(before, ev('ticket.skipped', { ticket: 'A1', counter: '8' }));
    expect(r).toEqual({ state: before, stale: false });
  });

  it('keeps the history: a skipped call stays among the recent calls', () => {
    const c = mkCall('c1', 'A1', '3');
    const s = apply(emptyQueueState(HALL, at(0)), ev('ticket.called', { ticket: 'A1', counter: '3' }), c).state;
    expect(apply(s, ev('ticket.skipped', { ticket: 'A1', counter: '3' })).state.recentCalls).toEqual([c]);
  });
});

describe('counter.paused, counter.resumed, counter.closed', () => {
  it.each([
    ['paused while serving keeps the ticket on record', serving('3', 'A1'), 'counter.paused', { ...serving('3', 'A1'), state: 'paused' }],
    ['paused while idle', { counter: '3', state: 'idle' }, 'counter.paused', { counter: '3', state: 'paused' }],
    ['paused, never seen before', undefined, 'counter.paused', { counter: '3', state: 'paused' }],
    ['resumed with a ticket serves it again', { ...serving('3', 'A1'), state: 'paused' }, 'counter.resumed', serving('3', 'A1')],
    ['resumed without a ticket is idle', { counter: '3', state: 'paused' }, 'counter.resumed', { counter: '3', state: 'idle' }],
    ['resumed after closed is idle', { counter: '3', state: 'closed' }, 'counter.resumed', { counter: '3', state: 'idle' }],
    ['closed forgets the ticket', serving('3', 'A1'), 'counter.closed', { counter: '3', state: 'closed' }],
  ] as const)('%s', (_name, before, type, expected) => {
    const { state, stale } = apply(stateWith(before ? [before as CounterStatus] : []), ev(type, { counter: '3' }));
    expect(stale).toBe(false);
    expect(counter(state, '3')).toEqual(expected);
  });
});

describe('per-counter seq: older events are stale and change nothing', () => {
  const at7 = (): QueueState => stateWith([serving('3', 'A7', 7), serving('5', 'B1', 2)]);
  it.each([
    ['called, older', () => ev('ticket.called', { ticket: 'A6', counter: '3', seq: 6 }), true],
    ['called, equal', () => ev('ticket.called', { ticket: 'A6', counter: '3', seq: 7 }), false],
    ['called, newer', () => ev('ticket.called', { ticket: 'A8', counter: '3', seq: 8 }), false],
    ['called, no seq', () => ev('ticket.called', { ticket: 'A8', counter: '3' }), false],
    ['called at another counter with a lower seq', () => ev('ticket.called', { ticket: 'C1', counter: '9', seq: 1 }), false],
    ['recalled, older', () => ev('ticket.recalled', { ticket: 'A6', counter: '3', seq: 1 }), true],
    ['skipped, older', () => ev('ticket.skipped', { ticket: 'A7', counter: '3', seq: 6 }), true],
    ['skipped, newer', () => ev('ticket.skipped', { ticket: 'A7', counter: '3', seq: 8 }), false],
    ['cancelled without counter, older than the serving counter', () => ev('ticket.cancelled', { ticket: 'A7', seq: 3 }), true],
    ['cancelled with counter, older', () => ev('ticket.cancelled', { ticket: 'A7', counter: '3', seq: 0 }), true],
    ['paused, older', () => ev('counter.paused', { counter: '3', seq: 6 }), true],
    ['resumed, older', () => ev('counter.resumed', { counter: '3', seq: 6 }), true],
    ['closed, older', () => ev('counter.closed', { counter: '3', seq: 6 }), true],
    ['closed, newer', () => ev('counter.closed', { counter: '3', seq: 9 }), false],
  ])('%s → stale %s', (_name, make, stale) => {
    const before = at7();
    const event = make();
    const r = apply(before, event, mkCall('cx', 'X1', '3'));
    expect(r.stale).toBe(stale);
    expect(isStaleEvent(before, event)).toBe(stale);
    if (stale) expect(r.state).toBe(before);
    else expect(r.state).not.toBe(before);
  });

  it('a stale call is not added to the history', () => {
    const before = at7();
    const r = apply(before, ev('ticket.called', { ticket: 'A6', counter: '3', seq: 6 }), mkCall('late', 'A6', '3'));
    expect(r.state.recentCalls).toEqual([]);
  });

  it('remembers the highest seq applied, also from events that do not change the ticket', () => {
    let s = stateWith([serving('3', 'A7', 7)]);
    s = apply(s, ev('ticket.skipped', { ticket: 'ZZZ', counter: '3', seq: 9 })).state;
    expect(counter(s, '3')).toMatchObject({ ticket: 'A7', seq: 9 });
    expect(apply(s, ev('ticket.called', { ticket: 'A8', counter: '3', seq: 8 })).stale).toBe(true);
    s = apply(s, ev('ticket.called', { ticket: 'A9', counter: '3' })).state;
    expect(counter(s, '3')?.seq).toBe(9);
  });

  it('out of order delivery shows the newest: 3, then 1 and 2 arrive late', () => {
    let s = emptyQueueState(HALL, at(0));
    s = apply(s, ev('ticket.called', { ticket: 'A3', counter: '1', seq: 3 }), mkCall('c3', 'A3', '1')).state;
    for (const [seq, t] of [[1, 'A1'], [2, 'A2']] as const) {
      const r = apply(s, ev('ticket.called', { ticket: t, counter: '1', seq }), mkCall(`c${seq}`, t, '1'));
      expect(r.stale).toBe(true);
      s = r.state;
    }
    expect(counter(s, '1')).toMatchObject({ ticket: 'A3', seq: 3 });
    expect(s.recentCalls.map((c) => c.id)).toEqual(['c3']);
  });
});

describe('queue.snapshot', () => {
  const waiting = [{ service: '电费缴纳', count: 4 }, { service: '业扩报装', count: 1 }];
  it('replaces waiting counts and counters; counters it does not list are dropped', () => {
    const before = stateWith([serving('3', 'A1'), serving('5', 'B1')], { waiting: [{ service: '旧', count: 9 }] });
    const { state, stale } = apply(before, ev('queue.snapshot', { waiting, counters: [{ counter: '3', state: 'paused', ticket: 'A1' }, { counter: '7', state: 'idle' }] }));
    expect(stale).toBe(false);
    expect(state.waiting).toEqual(waiting);
    expect(state.counters.map((c) => [c.counter, c.state, c.ticket])).toEqual([['3', 'paused', 'A1'], ['7', 'idle', undefined]]);
  });

  it('a counter still serving the same ticket keeps its call (boards keep highlighting it)', () => {
    const { state } = apply(stateWith([serving('3', 'A1')]), ev('queue.snapshot', { waiting: [], counters: [{ counter: '3', state: 'serving', ticket: 'a1' }] }));
    expect(counter(state, '3')).toEqual(serving('3', 'A1'));
  });

  it('a counter with a newer seq than the snapshot keeps its state', () => {
    const before = stateWith([serving('3', 'A9', 9), serving('5', 'B1', 1)]);
    const { state, stale } = apply(before, ev('queue.snapshot', { seq: 5, waiting, counters: [{ counter: '3', state: 'idle' }, { counter: '5', state: 'closed' }] }));
    expect(stale).toBe(false);
    expect(counter(state, '3')).toEqual(serving('3', 'A9', 9));
    expect(counter(state, '5')).toEqual({ counter: '5', state: 'closed', seq: 5 });
    expect(state.waiting).toEqual(waiting);
  });

  it('a snapshot older than every counter it lists is stale', () => {
    const before = stateWith([serving('3', 'A9', 9)]);
    const r = apply(before, ev('queue.snapshot', { seq: 5, waiting, counters: [{ counter: '3', state: 'idle' }] }));
    expect(r).toEqual({ state: before, stale: true });
  });

  it('keeps the recent calls', () => {
    const c = mkCall('c1', 'A1', '3');
    const before = apply(emptyQueueState(HALL, at(0)), ev('ticket.called', { ticket: 'A1', counter: '3' }), c).state;
    expect(apply(before, ev('queue.snapshot', { waiting: [], counters: [] })).state.recentCalls).toEqual([c]);
  });

  it('carries the estimated minutes per service when the snapshot gives them (and none when it does not)', () => {
    const withMinutes = [{ service: '居民业务', count: 3, minutes: 12 }, { service: '企业业务', count: 0 }];
    const { state } = apply(stateWith([], { waiting: [{ service: '居民业务', count: 1, minutes: 4 }] }), ev('queue.snapshot', { waiting: withMinutes, counters: [] }));
    expect(state.waiting).toEqual(withMinutes);
    expect(QueueState.parse(state).waiting).toEqual(withMinutes);
    expect(apply(state, ev('queue.snapshot', { waiting, counters: [] })).state.waiting).toEqual(waiting);
  });

  it('lists a counter named twice once', () => {
    const { state } = apply(emptyQueueState(HALL, at(0)), ev('queue.snapshot', { waiting: [], counters: [{ counter: '3', state: 'idle' }, { counter: '3', state: 'paused' }] }));
    expect(state.counters).toEqual([{ counter: '3', state: 'idle' }]);
  });
});

describe('board order, limits and time', () => {
  it('orders counters by number, not as text (9 before 10)', () => {
    let s = emptyQueueState(HALL, at(0));
    for (const c of ['10', '2', 'B1', '9', 'A1', '1']) s = apply(s, ev('counter.resumed', { counter: c })).state;
    expect(s.counters.map((c) => c.counter)).toEqual(['1', '2', '9', '10', 'A1', 'B1']);
  });

  it(`holds at most ${MAX_COUNTERS} counters: a new one past that is refused as stale`, () => {
    const counters: CounterStatus[] = Array.from({ length: MAX_COUNTERS }, (_, i) => ({ counter: `C${i}`, state: 'idle' }));
    const full = stateWith(counters);
    expect(apply(full, ev('ticket.called', { ticket: 'A1', counter: 'NEW' })).stale).toBe(true);
    expect(apply(full, ev('ticket.called', { ticket: 'A1', counter: 'C7' })).stale).toBe(false);
  });

  it('updatedAt never goes back when an event says it happened earlier', () => {
    const s = stateWith([], { updatedAt: at(100) });
    expect(apply(s, ev('counter.paused', { counter: '1', occurredAt: at(50) })).state.updatedAt).toBe(at(100));
    expect(apply(s, ev('counter.paused', { counter: '1', occurredAt: at(150) })).state.updatedAt).toBe(at(150));
  });
});

describe('a stored state from before counters had one spelling', () => {
  it('reads "03" and "3" as one counter, keeping the newer row', () => {
    const state = QueueState.parse({
      hallId: 'h1', recentCalls: [], waiting: [], updatedAt: '2026-12-02T01:00:00.000Z',
      counters: [
        { counter: '03', state: 'serving', ticket: 'A001', calledAt: '2026-12-02T00:59:00.000Z' },
        { counter: '3', state: 'serving', ticket: 'A002', calledAt: '2026-12-02T01:00:00.000Z' },
        { counter: '4', state: 'idle', seq: 5 },
        { counter: '004', state: 'paused', seq: 4 },
      ],
    });
    expect(state.counters).toEqual([
      { counter: '3', state: 'serving', ticket: 'A002', calledAt: '2026-12-02T01:00:00.000Z' },
      { counter: '4', state: 'idle', seq: 5 },
    ]);
  });
});
