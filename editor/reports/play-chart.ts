/**
 * Plays per slide per day, drawn with uPlot (canvas, ~50 KB, no dependencies): one line per slide with
 * a point per day and uPlot's own legend, which shows each slide's count for the day under the cursor.
 * The x axis is the day index, so the dates read exactly as the server named them (hall time), with
 * no time-zone conversion in between.
 */
import uPlot from 'uplot';
import { h } from '../ui/dom';
import { mountPlot } from '../ui/plot-mount';
import type { ChartSeries } from './play-chart-data';

/** Distinct on white and for the common colour-vision deficiencies (Okabe–Ito plus two). */
const COLOURS = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#8c6d1f', '#7f7f7f'];
const HEIGHT = 280;

/** A mounted chart; `destroy()` when the page leaves or the data changes. */
export interface PlayChart { el: HTMLElement; destroy(): void }

/** Draws into a new element that must be attached before the next frame (uPlot measures its width). */
export function playChart(days: readonly string[], series: readonly ChartSeries[]): PlayChart {
  const el = h('div', { class: 'play-chart', 'data-testid': 'plays-chart', role: 'img', 'aria-label': '每天各幻灯片播放次数折线图，数据见下方表格' });
  const label = (i: number) => days[Math.round(i)]?.slice(5) ?? '';
  const opts: uPlot.Options = {
    width: 600,
    height: HEIGHT,
    scales: { x: { time: false, range: [-0.25, Math.max(0.25, days.length - 0.75)] }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
    axes: [
      { incrs: [1, 2, 7, 14, 30, 60], values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? label(v) : '')), grid: { show: false } },
      { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 50_000, 100_000], values: (_u, splits) => splits.map(String), label: '播放次数' },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: '日期', value: (_u, v) => (v === null ? '—' : days[v] ?? '') },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: COLOURS[i % COLOURS.length],
        width: 2,
        points: { size: 7 },
        value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v} 次`),
      })),
    ],
  };
  const data: uPlot.AlignedData = [days.map((_, i) => i), ...series.map((s) => s.counts)];
  const plot = mountPlot(el, opts, data, { minWidth: 320, height: HEIGHT });
  return { el, destroy: () => plot.destroy() };
}
