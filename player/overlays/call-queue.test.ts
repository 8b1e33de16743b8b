import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueCall } from '../../content/model';
import { BUSY_MS } from '../../content/call-pacing';
import { CALL_ALONE_MS, CallQueue } from './call-queue';

const T0 = Date.parse('2026-11-27T01:00:00Z');

let counter = 0;
function call(id: string, ticket: string, ttlMs = 60_000, at = String(++counter)): QueueCall {
  return {
    id,
    ticket,
    counter: at,
    text: `请 ${ticket} 号到 ${at} 号窗口办理`,
    createdAt: new Date(Date.now()).toISOString(),
    expiresAt: new Date(Date.now() + ttlMs).toISOString(),
  };
}

describe('CallQueue', () => {
  let log: string[];
  let queue: CallQueue;

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    log = [];
    queue = new CallQueue({ now: () => Date.now(), onShow: (c) => log.push(`show ${c.ticket}`), onClear: () => log.push('clear'), onCardChange: () => log.push('card') });
  });
  afterEach(() => vi.useRealTimers());

  it('shows a lone call at once for 12 s', () => {
    expect(queue.push(call('1', 'A001'))).toBe('shown');
    vi.advanceTimersByTime(CALL_ALONE_MS - 1);
    expect(log).toEqual(['show A001']);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['show A001', 'clear']);
  });

  it('never overlaps a small burst: each call gets 8 s while others wait', () => {
    queue.push(call('1', 'A001'));
    expect(queue.push(call('2', 'A002'))).toBe('queued');
    queue.push(call('3', 'A003'));
    vi.advanceTimersByTime(BUSY_MS);
    expect(log).toEqual(['show A001', 'show A002']);
    vi.advanceTimersByTime(BUSY_MS);
    expect(log).toEqual(['show A001', 'show A002', 'show A003']);
    vi.advanceTimersByTime(CALL_ALONE_MS);
    expect(log.at(-1)).toBe('clear');
    expect(queue.card.map((c) => c.ticket)).toEqual(['A003', 'A002', 'A001']);
  });

  it('shows all 20 of a burst in one second, in order, within 40 s', () => {
    for (let i = 1; i <= 20; i++) {
      queue.push(call(`b${i}`, `B${String(i).padStart(3, '0')}`));
      vi.advanceTimersByTime(50);
    }
    vi.advanceTimersByTime(40_000 - 1000);
    const shown = log.filter((l) => l.startsWith('show'));
    expect(shown).toEqual(Array.from({ length: 20 }, (_, i) => `show B${String(i + 1).padStart(3, '0')}`));
    expect(queue.showing?.ticket).toBe('B020');
  });

  it('replaces the spotlight at once when its counter is called again', () => {
    queue.push(call('1', 'A023', 60_000, '3'));
    vi.advanceTimersByTime(1000);
    expect(queue.push(call('2', 'B042', 60_000, '3'))).toBe('shown');
    expect(log).toEqual(['show A023', 'show B042']);
    expect(queue.card.map((c) => c.ticket)).toEqual(['B042']);
  });

  it('drops a waiting call when its counter is called again, keeping posting order', () => {
    queue.push(call('1', 'A001', 60_000, '1'));
    queue.push(call('2', 'A002', 60_000, '2'));
    queue.push(call('3', 'A003', 60_000, '5'));
    queue.push(call('4', 'B002', 60_000, '2'));
    expect(queue.pending.map((c) => c.ticket)).toEqual(['A003', 'B002']);
    vi.advanceTimersByTime(60_000);
    expect(log.filter((l) => l.startsWith('show'))).toEqual(['show A001', 'show A003', 'show B002']);
  });

  it('refuses an older call that arrives after a newer one at its counter', () => {
    const older = call('1', 'A001', 60_000, '3');
    vi.advanceTimersByTime(1000);
    queue.push(call('2', 'A002', 60_000, '3'));
    expect(queue.push(older)).toBe('outdated');
    expect(log).toEqual(['show A002']);
  });

  it('tells the card when an earlier current call expires', () => {
    queue.push(call('1', 'A001', 15_000));
    queue.push(call('2', 'A002'));
    vi.advanceTimersByTime(BUSY_MS);
    expect(queue.card.map((c) => c.ticket)).toEqual(['A002', 'A001']);
    vi.advanceTimersByTime(15_000 - BUSY_MS);
    expect(log).toEqual(['show A001', 'show A002', 'card']);
    expect(queue.card.map((c) => c.ticket)).toEqual(['A002']);
  });

  it('lets a new call replace one that already had its minimum time', () => {
    queue.push(call('1', 'A001'));
    vi.advanceTimersByTime(BUSY_MS + 1000);
    expect(queue.push(call('2', 'A002'))).toBe('shown');
    expect(log).toEqual(['show A001', 'show A002']);
  });

  it('drops a repeated call id', () => {
    queue.push(call('1', 'A001'));
    expect(queue.push(call('1', 'A001'))).toBe('duplicate');
    vi.advanceTimersByTime(CALL_ALONE_MS * 2);
    expect(log).toEqual(['show A001', 'clear']);
  });

  // The server reuses a queue system's idempotency key as the call id; after a restart it can come back on a new call.
  it.each([
    ['same id, same createdAt (replay), while shown', 0, 'duplicate', ['show A001']],
    ['same id, same createdAt (replay), after it cleared', CALL_ALONE_MS * 2, 'duplicate', ['show A001', 'clear']],
    ['same id, later createdAt, while the first is shown', 1000, 'shown', ['show A001', 'show A001']],
    ['same id, later createdAt, the next day', 86_400_000, 'shown', ['show A001', 'clear', 'card', 'show A001']],
  ] as const)('%s → %s', (_name, laterMs, result, shows) => {
    const first = call('ticket-A001', 'A001', 60_000, '5');
    queue.push(first);
    vi.advanceTimersByTime(laterMs);
    const again = call('ticket-A001', 'A001', 60_000, '5');
    if (laterMs === CALL_ALONE_MS * 2) again.createdAt = first.createdAt;
    if (laterMs === 0) expect(again.createdAt).toBe(first.createdAt);
    expect(queue.push(again)).toBe(result);
    expect(queue.has(again)).toBe(true);
    expect(log).toEqual(shows);
  });

  it('drops calls that expire while they wait, and calls already expired', () => {
    expect(queue.push(call('0', 'A000', -1))).toBe('expired');
    queue.push(call('1', 'A001'));
    queue.push(call('2', 'A002', BUSY_MS - 1));
    queue.push(call('3', 'A003'));
    vi.advanceTimersByTime(BUSY_MS);
    expect(log).toEqual(['show A001', 'show A003']);
  });
});

describe('CallQueue when a listener throws', () => {
  beforeEach(() => vi.useFakeTimers({ now: T0 }));
  afterEach(() => vi.useRealTimers());

  it('keeps its timer: a throwing onShow on one call does not stall the calls behind it', () => {
    const shown: string[] = [];
    const queue = new CallQueue({
      now: () => Date.now(),
      onShow: (c) => {
        shown.push(c.ticket);
        if (c.ticket === 'B002') throw new Error('render failed');
      },
      onClear: () => {},
    });
    queue.push(call('t1', 'B001'));
    queue.push(call('t2', 'B002'));
    queue.push(call('t3', 'B003'));
    // B002 takes the spotlight from the timer and its listener throws; B003 must still follow.
    expect(() => vi.advanceTimersByTime(BUSY_MS)).toThrow('render failed');
    vi.advanceTimersByTime(BUSY_MS * 2);
    expect(shown).toEqual(['B001', 'B002', 'B003']);
  });
});
