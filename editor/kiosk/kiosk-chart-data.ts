/**
 * The kiosk interaction report shaped for charts and the totals table: pure, so the arithmetic
 * (weighted mean session length, tile names, mean depth) is unit-tested.
 */
import type { KioskReport } from '../api';

export interface KioskTotals {
  sessions: number;
  /** Mean session length over the whole range, weighted by each day's sessions. */
  avgMs: number;
  /** Mean deepest page reached (home = 0). */
  avgDepth: number;
  /** Sessions that went past the home menu. */
  deeperShare: number;
  tilesTouched: number;
}

export function kioskTotals(r: KioskReport): KioskTotals {
  const sessions = r.sessionsPerDay.reduce((a, b) => a + b, 0);
  const totalMs = r.sessionsPerDay.reduce((sum, n, i) => sum + n * (r.avgDurationMs[i] ?? 0), 0);
  const depthSessions = r.depthHistogram.reduce((a, d) => a + d.count, 0);
  const depthSum = r.depthHistogram.reduce((a, d) => a + d.depth * d.count, 0);
  const deeper = r.depthHistogram.filter((d) => d.depth > 0).reduce((a, d) => a + d.count, 0);
  return {
    sessions,
    avgMs: sessions ? Math.round(totalMs / sessions) : 0,
    avgDepth: depthSessions ? depthSum / depthSessions : 0,
    deeperShare: depthSessions ? deeper / depthSessions : 0,
    tilesTouched: r.tiles.reduce((a, t) => a + t.count, 0),
  };
}

/** A tile's name on the chart: its label when the app still has it, else `页面/目标`. */
export function tileName(t: KioskReport['tiles'][number]): string {
  return t.label ? `${t.label}` : t.tile;
}

/** The most touched tiles (the report lists them most first), at most `max` bars. */
export function topTiles(r: KioskReport, max = 12): { name: string; tile: string; count: number }[] {
  return r.tiles.slice(0, max).map((t) => ({ name: tileName(t), tile: t.tile, count: t.count }));
}

/** Per-day mean session length in seconds (one decimal), for the chart's y axis. */
export function avgSeconds(r: KioskReport): number[] {
  return r.days.map((_, i) => Math.round((r.avgDurationMs[i] ?? 0) / 100) / 10);
}

/** `1 分 05 秒` / `42 秒`. */
export function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒` : `${s} 秒`;
}
