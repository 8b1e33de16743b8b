/**
 * The proof-of-play report shaped for a chart: the most played slides get a line each, the rest add up
 * to one 「其他」 line, so a hall with 60 slides still gives a readable chart (the table lists them all).
 */
import type { PlaysReport } from '../api';

/** Lines past this are hard to tell apart by colour. */
export const MAX_CHART_SERIES = 8;

export interface ChartSeries { label: string; counts: number[] }

/** Slides sorted by total plays (most first), then by title, with their totals. */
export function rankSlides(report: PlaysReport): (PlaysReport['slides'][number] & { plays: number })[] {
  return report.slides
    .map((s) => ({ ...s, plays: s.counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.plays - a.plays || a.title.localeCompare(b.title, 'zh-CN'));
}

/** One series per top slide plus 「其他 N 个」 for the remainder; days without a count read 0. */
export function chartSeries(report: PlaysReport, max = MAX_CHART_SERIES): ChartSeries[] {
  const days = report.days.length;
  const at = (counts: number[], i: number) => counts[i] ?? 0;
  const ranked = rankSlides(report).filter((s) => s.plays > 0);
  const top = ranked.length > max ? ranked.slice(0, max - 1) : ranked;
  const rest = ranked.slice(top.length);
  const series = top.map((s) => ({ label: s.title || s.slideId, counts: Array.from({ length: days }, (_, i) => at(s.counts, i)) }));
  if (rest.length) {
    series.push({
      label: `其他 ${rest.length} 个`,
      counts: Array.from({ length: days }, (_, i) => rest.reduce((sum, s) => sum + at(s.counts, i), 0)),
    });
  }
  return series;
}
