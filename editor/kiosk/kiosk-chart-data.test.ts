import { describe, expect, it } from 'vitest';
import type { KioskReport } from '../api';
import { avgSeconds, formatSeconds, kioskTotals, topTiles } from './kiosk-chart-data';

const report: KioskReport = {
  days: ['2026-11-26', '2026-11-27'],
  sessionsPerDay: [1, 3],
  avgDurationMs: [40_000, 20_000],
  depthHistogram: [{ depth: 0, count: 1 }, { depth: 1, count: 2 }, { depth: 2, count: 1 }],
  tiles: [{ tile: 'home/guides', label: '办事指南', count: 3 }, { tile: 'home/gone', count: 1 }],
  pages: [],
};

describe('kiosk report shaping', () => {
  it('weights the mean session length by each day’s sessions', () => {
    const t = kioskTotals(report);
    expect(t.sessions).toBe(4);
    expect(t.avgMs).toBe(25_000);
    expect(t.avgDepth).toBe(1);
    expect(t.deeperShare).toBe(0.75);
    expect(t.tilesTouched).toBe(4);
  });
  it('an empty report has zero totals, not NaN', () => {
    const t = kioskTotals({ days: ['2026-11-27'], sessionsPerDay: [0], avgDurationMs: [0], depthHistogram: [], tiles: [], pages: [] });
    expect(t).toEqual({ sessions: 0, avgMs: 0, avgDepth: 0, deeperShare: 0, tilesTouched: 0 });
  });
  it('names tiles by label, else by page/target', () => {
    expect(topTiles(report).map((t) => t.name)).toEqual(['办事指南', 'home/gone']);
    expect(topTiles(report, 1)).toHaveLength(1);
  });
  it('gives seconds per day and readable lengths', () => {
    expect(avgSeconds(report)).toEqual([40, 20]);
    expect(formatSeconds(65_000)).toBe('1 分 05 秒');
    expect(formatSeconds(42_000)).toBe('42 秒');
  });
});
