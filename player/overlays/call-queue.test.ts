import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueCall } from '../../content/model';
import { CALL_ALONE_MS, CALL_MIN_MS, CallQueue } from './call-queue';

const T0 = Date.parse('2026-11-27T01:00:00Z');

function call(id: string, ticket: string, ttlMs = 60_000): QueueCall {
  return {
    id,
    ticket,
    counter: '3',
    text: `请 ${ticket} 号到 3 号窗口办理`,
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
    queue = new CallQueue({ now: () => Date.now(), onShow: (c) => log.push(`show ${c.ticket}`), onClear: () => log.push('clear') });
  });
  afterEach(() => vi.useRealTimers());

  it('shows a lone call at once for 12 s', () => {
    expect(queue.push(call('1', 'A001'))).toBe('shown');
    vi.advanceTimersByTime(CALL_ALONE_MS - 1);
    expect(log).toEqual(['show A001']);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['show A001', 'clear']);
  });

  it('never overlaps a burst: each call gets 8 s while others wait', () => {
    queue.push(call('1', 'A001'));
    expect(queue.push(call('2', 'A002'))).toBe('queued');
    queue.push(call('3', 'A003'));
    vi.advanceTimersByTime(CALL_MIN_MS);
    expect(log).toEqual(['show A001', 'show A002']);
    vi.advanceTimersByTime(CALL_MIN_MS);
    expect(log).toEqual(['show A001', 'show A002', 'show A003']);
    vi.advanceTimersByTime(CALL_ALONE_MS);
    expect(log.at(-1)).toBe('clear');
  });

  it('lets a new call replace one that already had its minimum time', () => {
    queue.push(call('1', 'A001'));
    vi.advanceTimersByTime(CALL_MIN_MS + 1000);
    expect(queue.push(call('2', 'A002'))).toBe('shown');
    expect(log).toEqual(['show A001', 'show A002']);
  });

  it('drops a repeated call id', () => {
    queue.push(call('1', 'A001'));
    expect(queue.push(call('1', 'A001'))).toBe('duplicate');
    vi.advanceTimersByTime(CALL_ALONE_MS * 2);
    expect(log).toEqual(['show A001', 'clear']);
  });

  it('drops calls that expire while they wait, and calls already expired', () => {
    expect(queue.push(call('0', 'A000', -1))).toBe('expired');
    queue.push(call('1', 'A001'));
    queue.push(call('2', 'A002', CALL_MIN_MS - 1));
    queue.push(call('3', 'A003'));
    vi.advanceTimersByTime(CALL_MIN_MS);
    expect(log).toEqual(['show A001', 'show A003']);
  });
});
