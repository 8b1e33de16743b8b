import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RELOAD_WAIT_MAX_MS, ReloadPlanner } from './reload-planner';

describe('ReloadPlanner', () => {
  let announcing: boolean;
  let idle: boolean;
  let busy: boolean;
  let reloads: string[];
  let planner: ReloadPlanner;

  beforeEach(() => {
    vi.useFakeTimers();
    announcing = false;
    idle = false;
    busy = false;
    reloads = [];
    planner = new ReloadPlanner({
      announcing: () => announcing,
      idle: () => idle,
      busy: () => busy,
      interrupt: () => {
        reloads.push('interrupted');
        busy = false;
      },
      reload: (why) => reloads.push(why),
    });
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

  it('lets a kiosk visitor finish: a boundary during the session is no moment, the next one after is', () => {
    busy = true;
    planner.request('command');
    planner.slideEnded();
    vi.advanceTimersByTime(60_000);
    expect(reloads).toEqual([]);
    busy = false;
    planner.slideEnded();
    expect(reloads).toEqual(['command']);
  });

  it('waits for a busy kiosk even when idle asked for at once', () => {
    idle = true;
    busy = true;
    planner.request('command');
    vi.advanceTimersByTime(0);
    expect(reloads).toEqual([]);
  });

  it('after the cap, ends the kiosk session first, then reloads', () => {
    busy = true;
    planner.request('heap');
    planner.slideEnded();
    vi.advanceTimersByTime(RELOAD_WAIT_MAX_MS - 1);
    expect(reloads).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reloads).toEqual(['interrupted', 'heap']);
  });

  it('reloads once: the cap does not fire again after a boundary reload', () => {
    planner.request('heap');
    planner.slideEnded();
    vi.advanceTimersByTime(RELOAD_WAIT_MAX_MS);
    expect(reloads).toEqual(['heap']);
  });
});
