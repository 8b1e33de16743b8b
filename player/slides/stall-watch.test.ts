import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STALL_MS, StallWatch } from './stall-watch';

describe('StallWatch', () => {
  let position: number;
  let active: boolean;
  let stalls: number[];
  let watch: StallWatch;

  beforeEach(() => {
    vi.useFakeTimers();
    position = 0;
    active = true;
    stalls = [];
    watch = new StallWatch({ position: () => position, now: () => Date.now(), active: () => active, stalled: (ms) => stalls.push(ms) });
  });
  afterEach(() => {
    watch.stop();
    vi.useRealTimers();
  });

  it('stays quiet while the position moves (a loop back to 0 included)', () => {
    watch.start();
    for (let i = 0; i < 30; i++) {
      position = i % 5 === 4 ? 0 : position + 1;
      vi.advanceTimersByTime(1000);
    }
    expect(stalls).toEqual([]);
  });

  it('reports once when the position stands still for STALL_MS', () => {
    position = 3.5;
    watch.start();
    vi.advanceTimersByTime(STALL_MS - 1000);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(stalls).toEqual([STALL_MS]);
    vi.advanceTimersByTime(60_000);
    expect(stalls).toHaveLength(1);
  });

  it('does not count time while progress is not expected (hidden page)', () => {
    watch.start();
    active = false;
    vi.advanceTimersByTime(20_000);
    active = true;
    vi.advanceTimersByTime(STALL_MS - 1000);
    expect(stalls).toEqual([]);
  });

  it('stops when the slide leaves', () => {
    watch.start();
    watch.stop();
    vi.advanceTimersByTime(60_000);
    expect(stalls).toEqual([]);
  });
});
