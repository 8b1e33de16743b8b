import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RELOAD_WAIT_MAX_MS, ReloadPlanner } from './reload-planner';

describe('ReloadPlanner', () => {
  let announcing: boolean;
  let idle: boolean;
  let reloads: string[];
  let planner: ReloadPlanner;

  beforeEach(() => {
    vi.useFakeTimers();
    announcing = false;
    idle = false;
    reloads = [];
    planner = new ReloadPlanner({ announcing: () => announcing, idle: () => idle, reload: (why) => reloads.push(why) });
  });
  afterEach(() => vi.useRealTimers());

  it('waits for the next slide boundary', () => {
    planner.request('heap');
    vi.advanceTimersByTime(10_000);
    expect(reloads).toEqual([]);
    planner.slideEnded();
    expect(reloads).toEqual(['heap']);
  });

  it('reloads at once (next task) when nothing is scheduled', () => {
    idle = true;
    planner.request('command');
    expect(reloads).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(reloads).toEqual(['command']);
  });

  it('never cuts an announcement: waits until it ends', () => {
    planner.request('frames stopped');
    announcing = true;
    planner.slideEnded();
    vi.advanceTimersByTime(5000);
    expect(reloads).toEqual([]);
    announcing = false;
    vi.advanceTimersByTime(1000);
    expect(reloads).toEqual(['frames stopped']);
  });

  it('reloads anyway when no slide ends for a long time', () => {
    planner.request('one long slide');
    vi.advanceTimersByTime(RELOAD_WAIT_MAX_MS);
    expect(reloads).toEqual(['one long slide']);
  });

  it('plans one reload at a time', () => {
    planner.request('first');
    planner.request('second');
    planner.slideEnded();
    expect(reloads).toEqual(['first']);
  });
});
