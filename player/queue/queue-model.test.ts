import { describe, expect, it } from 'vitest';
import type { QueueCall } from '../../content/model';
import type { BoardDelta, CounterStatus, QueueState } from '../../content/queue';
import { compareCounters, QueueModel } from './queue-model';
import { servingText, stripLine } from './strip-line';

const at = (s: number): string => new Date(Date.parse('2026-11-27T01:00:00Z') + s * 1000).toISOString();

function call(id: string, ticket: string, counter: string, s: number): QueueCall {
  return { id, ticket, counter, text: `请 ${ticket} 号到 ${counter} 号窗口办理`, createdAt: at(s), expiresAt: at(s + 60) };
}

function state(s: number, extra: Partial<QueueState> = {}): QueueState {
  return { hallId: 'h1', counters: [], recentCalls: [], waiting: [], updatedAt: at(s), ...extra };
}

describe('QueueModel', () => {
  it('is unknown until a state or a call arrives', () => {
    const m = new QueueModel();
    expect(m.known).toBe(false);
    m.applyState(state(0));
    expect(m.known).toBe(true);
  });

  it('keeps history newest first, without repeats, at most ten', () => {
    const m = new QueueModel();
    for (let i = 0; i < 12; i++) m.applyCall(call(`c${i}`, `A${i}`, '1', i));
    m.applyCall(call('c11', 'A11', '1', 11));
    expect(m.recentCalls.map((c) => c.id)).toEqual(['c11', 'c10', 'c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2']);
  });

  // A call id reused by the server after a restart (the queue system's idempotency key) is a new row.
  it.each([
    ['same id, same createdAt (replay) → one row, not a repeat', 0, ['c1'], false],
    ['same id, a day later → a new row on top, not a double press', 86_400, ['c1', 'c1'], false],
  ] as const)('%s', (_name, laterS, ids, repeat) => {
    const m = new QueueModel();
    m.applyCall(call('c1', 'A001', '1', 0));
    const again = call('c1', 'A001', '1', laterS);
    expect(m.isRepeat(again)).toBe(repeat);
    m.applyCall(again);
    expect(m.recentCalls.map((c) => c.id)).toEqual(ids);
    expect(m.recentCalls[0]!.createdAt).toBe(again.createdAt);
    expect(m.counter('1')?.calledAt).toBe(again.createdAt);
  });

  it('keeps a reused-id call in history across a whole state that only lists the older one (no rev)', () => {
    const m = new QueueModel();
    m.applyCall(call('c1', 'A001', '1', 100));
    m.applyState(state(50, { recentCalls: [call('c1', 'A001', '1', 0)] }));
    expect(m.recentCalls.map((c) => c.createdAt)).toEqual([at(100), at(0)]);
  });

  it('shows a reused-id call that comes in a delta (with rev)', () => {
    const m = new QueueModel();
    m.applyState(state(0, { rev: 1, recentCalls: [call('c1', 'A001', '1', 0)] }));
    const again = call('c1', 'A001', '1', 86_400);
    m.applyDelta({ rev: 2, counter: { counter: '1', state: 'serving', ticket: 'A001', callId: 'c1', calledAt: again.createdAt }, updatedAt: again.createdAt } as BoardDelta, again);
    expect(m.recentCalls.map((c) => c.createdAt)).toEqual([again.createdAt, at(0)]);
  });

  it('orders a burst in arrival order when the instants are equal', () => {
    const m = new QueueModel();
    for (const id of ['b', 'a', 'c']) m.applyCall(call(id, id, '1', 5));
    expect(m.recentCalls.map((c) => c.id)).toEqual(['c', 'a', 'b']);
  });

  it('lets a call set its counter serving, and a newer state take over', () => {
    const m = new QueueModel();
    m.applyCall(call('c1', 'A023', '3', 10));
    expect(m.counter('3')).toMatchObject({ state: 'serving', ticket: 'A023' });
    m.applyState(state(20, { counters: [{ counter: '3', state: 'paused' }] }));
    expect(m.counter('3')?.state).toBe('paused');
  });

  it('keeps a live call the state does not know yet (the call arrived first)', () => {
    const m = new QueueModel();
    m.applyCall(call('c2', 'A024', '3', 30));
    m.applyState(state(25, { counters: [{ counter: '3', state: 'serving', ticket: 'A023', calledAt: at(10) }], recentCalls: [call('c1', 'A023', '3', 10)] }));
    expect(m.counter('3')?.ticket).toBe('A024');
    expect(m.recentCalls.map((c) => c.id)).toEqual(['c2', 'c1']);
  });

  it('drops a live call older than a state that no longer lists it', () => {
    const m = new QueueModel();
    m.applyCall(call('c1', 'A023', '3', 10));
    m.applyState(state(20, { counters: [{ counter: '3', state: 'idle' }] }));
    expect(m.recentCalls).toEqual([]);
    expect(m.counter('3')?.state).toBe('idle');
  });

  it('recognises a double press: same ticket and counter within 5 s of a listed call', () => {
    const m = new QueueModel();
    m.applyCall(call('c1', 'A023', '3', 10));
    expect(m.isRepeat(call('c2', 'a023', '3', 14))).toBe(true);
    expect(m.isRepeat(call('c3', 'A023', '3', 15))).toBe(false);
    expect(m.isRepeat(call('c4', 'A023', '4', 11))).toBe(false);
    expect(m.isRepeat(call('c1', 'A023', '3', 10))).toBe(false);
  });

  it('sorts counters as people count: 2 before 10', () => {
    expect(['10', '2', '1', 'B'].sort(compareCounters)).toEqual(['1', '2', '10', 'B']);
  });
});

describe('stripLine', () => {
  const statuses = (list: Record<string, CounterStatus>) => (id: string) => list[id];

  it('shows the ticket its counter serves', () => {
    const line = stripLine(['3'], statuses({ '3': { counter: '3', state: 'serving', ticket: 'a023', calledAt: at(1) } }));
    expect(line).toMatchObject({ kind: 'serving', text: 'A023 请到 3 号窗口' });
    expect(servingText('A023', '3')).toBe(line.text);
  });

  it('shows the idle text (default 热情为您服务, or the screen own) when nothing is served', () => {
    expect(stripLine(['3'], () => undefined).text).toBe('热情为您服务');
    expect(stripLine(['3'], statuses({ '3': { counter: '3', state: 'idle' } }), { idle: '欢迎光临' }).text).toBe('欢迎光临');
    expect(stripLine(['3'], () => undefined, { idle: '   ' }).text).toBe('热情为您服务');
  });

  it('shows the paused text for a paused or closed counter', () => {
    expect(stripLine(['3'], statuses({ '3': { counter: '3', state: 'paused' } }))).toEqual({ kind: 'paused', text: '暂停服务' });
    expect(stripLine(['3'], statuses({ '3': { counter: '3', state: 'closed' } }), { paused: '本窗口暂停办理' }).text).toBe('本窗口暂停办理');
  });

  it('never shows another counter, and with several counters the one called last', () => {
    const list = statuses({
      '1': { counter: '1', state: 'serving', ticket: 'A001', calledAt: at(1) },
      '2': { counter: '2', state: 'serving', ticket: 'A002', calledAt: at(5) },
      '3': { counter: '3', state: 'serving', ticket: 'A003', calledAt: at(9) },
    });
    expect(stripLine(['1'], list).text).toBe('A001 请到 1 号窗口');
    expect(stripLine(['1', '2'], list).text).toBe('A002 请到 2 号窗口');
  });

  it('stays idle when only one of its counters is paused', () => {
    const list = statuses({ '1': { counter: '1', state: 'paused' }, '2': { counter: '2', state: 'idle' } });
    expect(stripLine(['1', '2'], list).kind).toBe('idle');
  });
});

/** The delta a call to `counter` at second `s` makes, at hall revision `rev`. */
function delta(rev: number, c: QueueCall, s: number, extra: Partial<CounterStatus> = {}): BoardDelta {
  return { rev, counter: { counter: c.counter, state: 'serving', ticket: c.ticket, callId: c.id, calledAt: c.createdAt, ...extra }, updatedAt: at(s) };
}

describe('QueueModel board deltas (call frames with rev)', () => {
  it('applies deltas in order on top of a whole state', () => {
    const m = new QueueModel();
    m.applyState(state(0, { rev: 4, counters: [{ counter: '7', state: 'paused' }] }));
    const c1 = call('c1', 'A001', '3', 1);
    const c2 = call('c2', 'B001', '7', 2);
    m.applyDelta(delta(5, c1, 1), c1);
    m.applyDelta(delta(6, c2, 2, { seq: 9 }), c2);
    expect(m.rev).toBe(6);
    expect(m.counter('3')?.ticket).toBe('A001');
    expect(m.counter('7')).toMatchObject({ state: 'serving', ticket: 'B001', seq: 9 });
    expect(m.recentCalls.map((c) => c.id)).toEqual(['c2', 'c1']);
  });

  it('ignores a delta the board already holds (a replayed call after hello)', () => {
    const m = new QueueModel();
    const old = call('c1', 'A001', '3', 1);
    m.applyState(state(5, { rev: 8, counters: [{ counter: '3', state: 'closed' }], recentCalls: [old] }));
    m.applyCall(old);
    m.applyDelta(delta(6, old, 1), old);
    expect(m.rev).toBe(8);
    expect(m.counter('3')?.state).toBe('closed');
  });

  it('takes an older whole state (overtaken on the way) with the newer deltas re-applied', () => {
    const m = new QueueModel();
    const c1 = call('c1', 'A001', '3', 1);
    const c2 = call('c2', 'A002', '3', 3);
    m.applyState(state(0, { rev: 1 }));
    m.applyDelta(delta(2, c1, 1), c1);
    m.applyDelta(delta(4, c2, 3), c2);
    // Revision 3 paused counter 8 and then the whole state of rev 3 arrives after delta 4.
    m.applyState(state(2, { rev: 3, counters: [{ counter: '3', state: 'serving', ticket: 'A001', calledAt: at(1) }, { counter: '8', state: 'paused' }], recentCalls: [c1], waiting: [{ service: '个人业务', count: 4 }, { service: '企业业务', count: 2, minutes: 9 }] }));
    expect(m.rev).toBe(4);
    expect(m.counter('3')?.ticket).toBe('A002');
    expect(m.counter('8')?.state).toBe('paused');
    expect(m.recentCalls.map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(m.waiting).toEqual([{ service: '个人业务', count: 4 }, { service: '企业业务', count: 2, minutes: 9 }]);
  });

  it('lets a newer whole state replace everything, deltas included', () => {
    const m = new QueueModel();
    const c1 = call('c1', 'A001', '3', 1);
    m.applyDelta(delta(2, c1, 1), c1);
    m.applyState(state(9, { rev: 5, counters: [{ counter: '3', state: 'idle' }] }));
    expect(m.rev).toBe(5);
    expect(m.counter('3')?.state).toBe('idle');
    expect(m.recentCalls).toEqual([]);
  });

  it('with revisions, a late replayed call never sets its counter back to serving', () => {
    const m = new QueueModel();
    m.applyState(state(9, { rev: 5, counters: [{ counter: '3', state: 'closed' }] }));
    m.applyCall(call('c0', 'A000', '3', 1));
    expect(m.counter('3')?.state).toBe('closed');
  });
});

describe('QueueModel across a server restart (revisions start again lower)', () => {
  it("takes the hello's whole state as the truth after a new connection, so the next call's delta applies", () => {
    const m = new QueueModel();
    m.applyState(state(0, { rev: 10 }));
    const lost = call('c-lost', 'A011', '3', 1);
    // The server published rev 11 and 12 and died before writing them: it restarts at rev 10.
    m.applyDelta(delta(11, lost, 1), lost);
    m.applyDelta(delta(12, call('c-lost2', 'A012', '4', 2), 2), call('c-lost2', 'A012', '4', 2));
    m.newConnection();
    m.applyState(state(3, { rev: 10, counters: [{ counter: '3', state: 'serving', ticket: 'A010', calledAt: at(0) }] }));
    expect(m.rev).toBe(10);
    expect(m.counter('4')).toBeUndefined();
    const next = call('c-next', 'A020', '3', 4);
    m.applyDelta(delta(11, next, 4), next);
    expect(m.counter('3')?.ticket).toBe('A020');
    expect(m.recentCalls[0]?.id).toBe('c-next');
  });
});
