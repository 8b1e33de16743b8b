import { describe, expect, it } from 'vitest';
import { ACK_LIMITS, FRAME_LIMITS, createFrameBudget, type BudgetVerdict } from './frame-budget';

/** Feeds frames at the given times (ms) and tallies the verdicts. */
const feed = (limits = FRAME_LIMITS, times: number[]) => {
  const b = createFrameBudget(limits, 0);
  const tally: Record<BudgetVerdict, number> = { ok: 0, drop: 0, close: 0 };
  let closedAt: number | undefined;
  for (const t of times) {
    const v = b.take(t);
    tally[v]++;
    if (v === 'close') closedAt ??= t;
  }
  return { ...tally, closedAt };
};
/** `n` frames evenly over `ms`, starting at `from`. */
const spread = (n: number, ms: number, from = 0) => Array.from({ length: n }, (_, i) => from + (i * ms) / n);

describe('createFrameBudget()', () => {
  it.each([
    ['a burst of 200 frames at once', FRAME_LIMITS, spread(200, 0), { ok: 200, drop: 0, close: 0 }],
    ['50/s for a minute', FRAME_LIMITS, spread(3000, 60_000), { ok: 3000, drop: 0, close: 0 }],
    ['a burst, then the sustained rate', FRAME_LIMITS, [...spread(200, 0), ...spread(500, 10_000, 1000)], { ok: 700, drop: 0, close: 0 }],
    ['a 250-frame burst: the excess is dropped, the socket stays', FRAME_LIMITS, spread(250, 0), { ok: 200, drop: 50, close: 0 }],
    ['40 calls × 2 acks and a burst of 1,000 acks', ACK_LIMITS, spread(1000, 0), { ok: 1000, drop: 0, close: 0 }],
  ])('%s', (_name, limits, times, expected) => {
    const { closedAt: _c, ...tally } = feed(limits, times);
    expect(tally).toEqual(expected);
  });

  it('a flood at many times the rate is closed within its first second', () => {
    // 30,000 frames in 2 s.
    const r = feed(FRAME_LIMITS, spread(30_000, 2000));
    expect(r.closedAt).toBeLessThan(1000);
    expect(r.ok).toBeLessThan(300);
  });

  it('staying a little over the rate is closed about 10 s after the burst is spent, not before', () => {
    // 60/s: 10/s over, so the burst of 200 lasts 20 s; then never a second free of drops.
    const r = feed(FRAME_LIMITS, spread(60 * 60, 60_000));
    expect(r.closedAt).toBeGreaterThan(29_000);
    expect(r.closedAt).toBeLessThan(32_000);
  });

  it('overruns with quiet seconds between never add up to a close', () => {
    // A 260-frame burst every 10 s: 60 dropped each time, then the bucket refills.
    const times = Array.from({ length: 12 }, (_, k) => spread(260, 0, k * 10_000)).flat();
    expect(feed(FRAME_LIMITS, times)).toMatchObject({ close: 0, drop: 12 * 60 });
  });

  it('a clock stepping back refills nothing', () => {
    const b = createFrameBudget({ ...FRAME_LIMITS, burst: 1 }, 10_000);
    expect(b.take(10_000)).toBe('ok');
    expect(b.take(5_000)).toBe('drop');
    expect(b.take(10_019)).toBe('drop');
    expect(b.take(10_021)).toBe('ok');
  });
});
