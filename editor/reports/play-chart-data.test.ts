import { describe, expect, it } from 'vitest';
import { chartSeries, rankSlides } from './play-chart-data';

const report = (counts: number[][]) => ({
  days: ['2026-11-25', '2026-11-26', '2026-11-27'],
  slides: counts.map((c, i) => ({ slideId: `s${i}`, title: `幻灯片 ${i}`, counts: c, totalMs: 1000 })),
});

describe('proof-of-play chart data', () => {
  it('rankSlides() puts the most played slide first', () => {
    expect(rankSlides(report([[1, 0, 0], [5, 5, 5], [2, 2, 2]])).map((s) => [s.slideId, s.plays])).toEqual([['s1', 15], ['s2', 6], ['s0', 1]]);
  });

  it('chartSeries() folds everything past the limit into one 其他 line and drops slides never played', () => {
    const series = chartSeries(report([[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4], [0, 0, 0]]), 3);
    expect(series.map((s) => s.label)).toEqual(['幻灯片 3', '幻灯片 2', '其他 2 个']);
    expect(series[2]!.counts).toEqual([3, 3, 3]);
  });

  it('chartSeries() pads short count arrays with zeros', () => {
    expect(chartSeries(report([[4]]))[0]!.counts).toEqual([4, 0, 0]);
  });
});
