/**
 * 播放统计 (proof of play): how often each slide played per day over a date range (default the last 7
 * days, in the hall's calendar as the server counts it), for all screens, one hall or one screen. A chart
 * of the most played slides, a table of every slide's totals, and 导出 CSV with the same filters. The
 * filters live in the address (`#/reports?from=…&to=…&hallId=…`), so a report can be bookmarked.
 */
import type { Hall } from '../../content/model';
import { api, isMissingEndpoint, playsSearch, type PlaysQuery, type PlaysReport, type ScreenView } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { button, card, loadError, loading, pageHeader, table } from '../ui/page';
import type { PlayChart } from './play-chart';
import { chartSeries, rankSlides } from './play-chart-data';
import { hallZone, lastHallDays, rememberHalls, zoneLabel } from '../time/hall-time';
import { formatUptime } from '../screens/screen-status-format';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const reportsView: View = (root, _ctx, _params, query) => {
  // The default range is the last 7 days of the chosen hall's calendar (all halls: the district's).
  let range = lastHallDays(7, hallZone(query.get('hallId') ?? undefined));
  const from = h('input', { type: 'date', 'data-testid': 'plays-from', value: DAY.test(query.get('from') ?? '') ? query.get('from')! : range.from, 'aria-label': '开始日期' });
  const to = h('input', { type: 'date', 'data-testid': 'plays-to', value: DAY.test(query.get('to') ?? '') ? query.get('to')! : range.to, 'aria-label': '结束日期' });
  const zoneNote = h('small', { class: 'muted', 'data-testid': 'plays-zone' });
  const hall = h('select', { 'data-testid': 'plays-hall', 'aria-label': '营业厅' }, options([['', '全部营业厅']]));
  const screen = h('select', { 'data-testid': 'plays-screen', 'aria-label': '屏幕' }, options([['', '全部屏幕']]));
  const exportLink = h('a', { class: 'btn', 'data-testid': 'plays-export', download: '', href: '#' }, '导出 CSV');
  const chartBody = h('div', {}, loading());
  const tableBody = h('div', {});
  const summary = h('span', { class: 'muted', 'data-testid': 'plays-summary' });
  let halls: Hall[] = [];
  let screens: ScreenView[] = [];
  let chart: PlayChart | undefined;
  let latest = 0;

  mount(root, [
    pageHeader('播放统计', '各幻灯片每天在屏幕上的播放次数（播放证明），按营业厅当地日期统计', [summary, exportLink]),
    card(null, h('div', { class: 'plays-filters' }, [
      h('label', {}, ['从 ', from]),
      h('label', {}, ['到 ', to]),
      hall,
      screen,
      button('查询', 'plays-load', () => void load()),
      zoneNote,
    ])),
    card('每日播放次数', chartBody),
    card('合计', tableBody),
  ]);

  const currentQuery = (): PlaysQuery => ({ from: from.value, to: to.value, hallId: hall.value || undefined, screenId: screen.value || undefined });

  function fillScreens(selected: string): void {
    const inHall = screens.filter((s) => !hall.value || s.hallId === hall.value).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    screen.replaceChildren(...options([['', '全部屏幕'], ...inHall.map((s): [string, string] => [s.id, s.name])], selected));
  }

  async function show(report: PlaysReport, mine: number): Promise<void> {
    chart?.destroy();
    chart = undefined;
    const ranked = rankSlides(report);
    const plays = ranked.reduce((sum, s) => sum + s.plays, 0);
    summary.textContent = `${report.days.length} 天 · ${ranked.length} 个幻灯片 · 共 ${plays} 次`;
    const rows = ranked.map((s) => h('tr', { 'data-testid': 'plays-row', 'data-slide-id': s.slideId }, [
      h('td', { class: 'title-cell' }, s.title || s.slideId),
      h('td', { class: 'num' }, String(s.plays)),
      h('td', { class: 'nowrap' }, formatUptime(s.totalMs / 1000)),
    ]));
    mount(tableBody, table(['幻灯片', '播放次数', '播放时长'], rows, '没有播放记录', 'plays-table'));
    if (!plays) {
      mount(chartBody, h('p', { class: 'muted', 'data-testid': 'plays-empty' }, '所选时间内没有播放记录。屏幕离线时的记录会在重新联网后补传。'));
      return;
    }
    // uPlot (~22 KB gzipped) loads with the first chart, not with every page of the editor.
    const { playChart } = await import('./play-chart');
    if (mine !== latest || !root.isConnected) return;
    chart = playChart(report.days, chartSeries(report));
    mount(chartBody, chart.el);
  }

  async function load(): Promise<void> {
    const q = currentQuery();
    if (!DAY.test(q.from) || !DAY.test(q.to)) return mount(chartBody, h('p', { class: 'load-error', role: 'alert' }, '请填写开始和结束日期'));
    if (q.from > q.to) return mount(chartBody, h('p', { class: 'load-error', role: 'alert' }, '开始日期不能晚于结束日期'));
    const search = playsSearch(q);
    exportLink.href = `/api/reports/plays.csv?${search}`;
    exportLink.setAttribute('download', `播放统计_${q.from}_${q.to}.csv`);
    history.replaceState(null, '', `#/reports?${search}`);
    const mine = ++latest;
    mount(chartBody, loading());
    try {
      const report = await api.playsReport(q);
      if (mine === latest && root.isConnected) await show(report, mine);
    } catch (err) {
      if (mine !== latest) return;
      chart?.destroy();
      chart = undefined;
      mount(tableBody, []);
      mount(chartBody, isMissingEndpoint(err)
        ? h('p', { class: 'muted' }, '服务器暂不支持播放统计')
        : loadError(errorText(err), () => void load()));
    }
  }

  /** Says whose calendar the dates are; a default range follows the hall picked (typed dates stay). */
  function followHall(): void {
    const zone = hallZone(hall.value || undefined);
    zoneNote.textContent = hall.value ? `日期为该营业厅当地日期（${zoneLabel(zone)}）` : `日期为各营业厅当地日期；默认范围按${zoneLabel(zone)}`;
    const next = lastHallDays(7, zone);
    if (from.value === range.from && to.value === range.to) {
      from.value = next.from;
      to.value = next.to;
    }
    range = next;
  }

  from.onchange = to.onchange = screen.onchange = () => void load();
  hall.onchange = () => {
    followHall();
    fillScreens('');
    void load();
  };

  void (async () => {
    // Filter choices are a convenience: the report loads even when they cannot.
    [halls, screens] = await Promise.all([api.listHalls().catch(() => []), api.listScreens().catch(() => [])]);
    if (halls.length) rememberHalls(halls);
    hall.replaceChildren(...options([['', '全部营业厅'], ...halls.map((x): [string, string] => [x.id, x.name])], query.get('hallId') ?? ''));
    followHall();
    fillScreens(query.get('screenId') ?? '');
    if (root.isConnected) await load();
  })();

  return () => {
    latest++;
    chart?.destroy();
  };
};
