import { describe, expect, it } from 'vitest';
import { initialPad, padNext, wakeAt, type PadTicket } from './rating-pad-state';

const A001: PadTicket = { number: 'A001', doneAt: '2026-11-27T02:00:00.000Z', serviceName: '居民业务' };
const A002: PadTicket = { number: 'A002', doneAt: '2026-11-27T02:05:00.000Z', serviceName: '居民业务' };
const T = 1_000_000;

describe('rating pad state', () => {
  it('asks about a finished ticket for 30 s, then goes back to idle by itself', () => {
    const s = padNext(initialPad, { type: 'ratable', ticket: A001 }, T);
    expect(s.view).toEqual({ kind: 'ask', ticket: A001, until: T + 30_000 });
    expect(wakeAt(s)).toBe(T + 30_000);
    expect(padNext(s, { type: 'tick' }, T + 29_999).view.kind).toBe('ask');
    const after = padNext(s, { type: 'tick' }, T + 30_000);
    expect(after.view).toEqual({ kind: 'idle' });
    expect(wakeAt(after)).toBeUndefined();
  });

  it('asks about each ticket once, however often the server names it', () => {
    const s = padNext(padNext(initialPad, { type: 'ratable', ticket: A001 }, T), { type: 'tick' }, T + 31_000);
    expect(padNext(s, { type: 'ratable', ticket: A001 }, T + 32_000).view).toEqual({ kind: 'idle' });
    // The same number finished again later (recalled after a transfer back) is a new service: asked.
    expect(padNext(s, { type: 'ratable', ticket: { ...A001, doneAt: '2026-11-27T03:00:00.000Z' } }, T + 32_000).view.kind).toBe('ask');
  });

  it('thanks after an answer for a few seconds, then idle; an answer while idle changes nothing', () => {
    const asked = padNext(initialPad, { type: 'ratable', ticket: A001 }, T);
    const thanks = padNext(asked, { type: 'answered' }, T + 5_000);
    expect(thanks.view).toEqual({ kind: 'thanks', until: T + 9_000 });
    expect(padNext(thanks, { type: 'tick' }, T + 9_000).view).toEqual({ kind: 'idle' });
    expect(padNext(initialPad, { type: 'answered' }, T)).toBe(initialPad);
  });

  it('a newer ticket replaces the question or the thanks at once', () => {
    const asked = padNext(initialPad, { type: 'ratable', ticket: A001 }, T);
    expect(padNext(asked, { type: 'ratable', ticket: A002 }, T + 10_000).view).toEqual({ kind: 'ask', ticket: A002, until: T + 40_000 });
    const thanks = padNext(asked, { type: 'answered' }, T + 1_000);
    expect(padNext(thanks, { type: 'ratable', ticket: A002 }, T + 2_000).view.kind).toBe('ask');
  });

  it('follows shorter timings (the test clock)', () => {
    const s = padNext(initialPad, { type: 'ratable', ticket: A001 }, T, { promptMs: 1_500, thanksMs: 200 });
    expect(wakeAt(s)).toBe(T + 1_500);
  });
});
