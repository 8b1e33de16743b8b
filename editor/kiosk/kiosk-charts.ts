/**
 * Charts of the touch report, drawn with uPlot like 播放统计 (this module is loaded lazily with it):
 * lines over days (sessions, mean length) and bars over categories (session depth, most touched
 * tiles). The x axis is an index, so day and tile names read exactly as the report gave them.
 */
import uPlot from 'uplot';
import { h } from '../ui/dom';
import { mountPlot } from '../ui/plot-mount';

const HEIGHT = 240;
const COLOURS = ['#0072b2', '#009e73', '#e69f00', '#d55e00'];

export interface KioskChart { el: HTMLElement; destroy(): void }

export interface KioskChartOptions {
  testid: string;
  /** What a screen reader hears instead of the plot. */
  description: string;
  /** One label per x position (day or tile). */
  labels: readonly string[];
  values: readonly number[];
  kind: 'line' | 'bars';
  yLabel: string;
  unit: string;
  colour?: number;
  /** Counts: no 2.5 sessions on the y axis. */
  integer?: boolean;
}

const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 50_000, 100_000];

/** Draws into a new element that must be attached before the next frame (uPlot measures its width). */
export function kioskChart(o: KioskChartOptions): KioskChart {
  const el = h('div', { class: 'play-chart kiosk-chart', 'data-testid': o.testid, role: 'img', 'aria-label': o.description });
  const n = o.labels.length;
  const label = (i: number) => {
    const text = o.labels[Math.round(i)] ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text.slice(5) : text.length > 6 ? `${text.slice(0, 6)}…` : text;
  };
  const stroke = COLOURS[(o.colour ?? 0) % COLOURS.length]!;
  const bars = o.kind === 'bars';
  const opts: uPlot.Options = {
    width: 600,
    height: HEIGHT,
    scales: {
      x: { time: false, range: bars ? [-0.5, Math.max(0.5, n - 0.5)] : [-0.25, Math.max(0.25, n - 0.75)] },
      y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] },
    },
    axes: [
      { incrs: [1, 2, 7, 14, 30], values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? label(v) : '')), grid: { show: false } },
      { ...(o.integer && { incrs: COUNT_STEPS }), values: (_u, splits) => splits.map(String), label: o.yLabel },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: bars ? '项目' : '日期', value: (_u, v) => (v === null ? '—' : o.labels[v] ?? '') },
      {
        label: o.yLabel,
        stroke,
        width: 2,
        ...(bars ? { fill: `${stroke}cc`, paths: uPlot.paths.bars!({ size: [0.6, 80] }), points: { show: false } } : { points: { size: 7 } }),
        value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${v} ${o.unit}`),
      },
    ],
  };
  const data: uPlot.AlignedData = [o.labels.map((_, i) => i), [...o.values]];
  const plot = mountPlot(el, opts, data, { minWidth: 280, height: HEIGHT });
  return { el, destroy: () => plot.destroy() };
}
