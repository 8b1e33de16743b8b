/** Live statuses reach editors at once when a screen goes on- or offline, and at most once a second otherwise. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScreenStatus } from '../../content/protocol';
import { STATUS_COALESCE_MS, createScreenStatuses } from './screen-statuses';

let told: ScreenStatus[];
let statuses: ReturnType<typeof createScreenStatuses>;

beforeEach(() => {
  vi.useFakeTimers();
  told = [];
  statuses = createScreenStatuses({ clock: () => Date.now(), offlineAfterMs: 90_000, onChange: (s) => told.push(s) });
});
afterEach(() => {
  statuses.close();
  vi.useRealTimers();
});

describe('screen statuses to editors', () => {
  it('tells coming online at once, then coalesces a burst of health into one status with the latest values', () => {
    statuses.frame('s1', { fps: 10 });
    expect(told.map((s) => [s.online, s.fps])).toEqual([[true, 10]]);
    for (let fps = 11; fps <= 60; fps++) statuses.frame('s1', { fps });
    expect(told).toHaveLength(1);
    vi.advanceTimersByTime(STATUS_COALESCE_MS);
    expect(told.map((s) => s.fps)).toEqual([10, 60]);
    expect(statuses.get('s1').fps).toBe(60);
  });

  it('going offline is told at once even inside the window', () => {
    statuses.frame('s1', { fps: 10 });
    statuses.frame('s1', { fps: 12 });
    statuses.gone('s1');
    expect(told.map((s) => s.online)).toEqual([true, false]);
    vi.advanceTimersByTime(STATUS_COALESCE_MS);
    expect(told.at(-1)).toMatchObject({ online: false, fps: 12 });
  });

  it('screens are coalesced independently, and a quiet screen is told at once', () => {
    statuses.frame('a', { fps: 1 });
    vi.advanceTimersByTime(STATUS_COALESCE_MS + 1);
    statuses.frame('a', { fps: 2 });
    statuses.frame('b', { fps: 3 });
    expect(told.map((s) => [s.screenId, s.fps])).toEqual([['a', 1], ['a', 2], ['b', 3]]);
  });

  it('forget drops a pending telling', () => {
    statuses.frame('s1', { fps: 1 });
    statuses.frame('s1', { fps: 2 });
    statuses.forget('s1');
    vi.advanceTimersByTime(STATUS_COALESCE_MS * 2);
    expect(told).toHaveLength(1);
  });
});
