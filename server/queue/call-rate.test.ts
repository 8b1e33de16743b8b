import { describe, expect, it } from 'vitest';
import { QUEUE_RATE, RateLimited, createRateLimiter } from './call-rate';

/** Runs `takes` = [atMs, sender] against a limiter on a fixed clock; returns accepted or the Retry-After. */
function run(limit: { perSecond: number; burst: number }, takes: [number, string][]): (true | number)[] {
  let now = 0;
  const limiter = createRateLimiter(limit, () => now);
  return takes.map(([at, sender]) => {
    now = at;
    try {
      limiter.take(sender);
      return true;
    } catch (err) {
      if (err instanceof RateLimited) return err.retryAfterS;
      throw err;
    }
  });
}

describe('createRateLimiter()', () => {
  it('lets the default burst of 60 through at once, then refuses', () => {
    const out = run(QUEUE_RATE, Array.from({ length: 61 }, (): [number, string] => [0, 'tok']));
    expect(out.slice(0, 60).every((x) => x === true)).toBe(true);
    expect(out[60]).toBe(1);
  });

  it.each([
    ['refills at the rate', { perSecond: 2, burst: 1 }, [[0, 'a'], [100, 'a'], [500, 'a'], [900, 'a'], [1000, 'a']], [true, 1, true, 1, true]],
    ['keeps senders apart', { perSecond: 1, burst: 1 }, [[0, 'a'], [0, 'b'], [0, 'a']], [true, true, 1]],
    ['says how long to wait at a slow rate', { perSecond: 0.1, burst: 1 }, [[0, 'a'], [1000, 'a']], [true, 9]],
    ['never fills past the burst', { perSecond: 10, burst: 2 }, [[0, 'a'], [60_000, 'a'], [60_000, 'a'], [60_000, 'a']], [true, true, true, 1]],
    ['a refused request takes nothing', { perSecond: 1, burst: 1 }, [[0, 'a'], [500, 'a'], [999, 'a'], [1000, 'a']], [true, 1, 1, true]],
  ] as const)('%s', (_name, limit, takes, expected) => {
    expect(run(limit, takes as unknown as [number, string][])).toEqual(expected);
  });
});
