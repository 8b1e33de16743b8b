/**
 * 触摸统计: how visitors use the kiosks over a date range (default the last 7 days, hall calendar as
 * the server counts it), for all kiosks or one. Sessions per day, mean session length per day, how deep
 * sessions go and the most touched tiles as charts (uPlot, loaded with the first chart), plus totals.
 * Filters live in the address (`#/kiosk-analytics?from=…&to=…&screenId=…`).
 */
import { api, isMissingEndpoint, kioskSearch, type KioskReport, type KioskReportQuery } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { avgSeconds, formatSeconds, kioskTotals, topTiles } from './kiosk-chart-data';
import type { KioskChart } from './kiosk-charts';
import { button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { hallZone, lastHallDays, rememberHalls, zoneLabel } from '../time/hall-time';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ENDED_LABELS = { idle: '无操作返回', exit: '访客退出', override: '紧急通知打断', schedule: '排期切换' } as const;

export const kioskAnalyticsView: View = (root, _ctx, _params, query) => {
  /** A kiosk's hall, once the list is in; no kiosk chosen → the district's calendar. */
  const hallOf = new Map<string, string>();
  const zoneNow = () => hallZone(hallOf.get(screen.value));
  let range = lastHallDays(7, hallZone());
  const pick = (key: string, fallback: string) => (DAY.test(query.get(key) ?? '') ? query.get(key)! : fallback);
  const from = h('input', { type: 'date', 'data-testid': 'kiosk-stats-from', value: pick('from', range.from), 'aria-label': '开始日期' });
  const to = h('input', { type: 'date', 'data-testid': 'kiosk-stats-to', value: pick('to', range.to), 'aria-label': '结束日期' });
  const screen = h('select', { 'data-testid': 'kiosk-stats-screen', 'aria-label': '查询终端' }, options([['', '全部查询终端']]));
  const summary = h('span', { class: 'muted', 'data-testid': 'kiosk-stats-summary' });
  const zoneNote = h('small', { class: 'muted', 'data-testid': 'kiosk-stats-zone' });
  const body = h('div', {}, loading());
  let charts: KioskChart[] = [];
  let latest = 0;

  mount(root, [
    pageHeader('触摸统计', '访客在查询终端上的使用情况：每天的会话、停留时长、点到第几层、最常点的按钮', [summary]),
    card(null, h('div', { class: 'plays-filters' }, [
      h('label', {}, ['从 ', from]),
      h('label', {}, ['到 ', to]),
      screen,
      button('查询', 'kiosk-stats-load', () => void load()),
      zoneNote,
    ])),
    body,
  ]);

  const clearCharts = () => {
    for (const c of charts) c.destroy();
    charts = [];
  };

  async function show(r: KioskReport, mine: number): Promise<void> {
    clearCharts();
    const totals = kioskTotals(r);
    summary.textContent = `${r.days.length} 天 · ${totals.sessions} 次会话`;
    if (!totals.sessions) {
      mount(body, card(null, h('p', { class: 'muted kiosk-empty', 'data-testid': 'kiosk-stats-empty' }, '还没有触摸记录。访客在查询终端上点开菜单、离开后，这里会显示统计；离线终端的记录会在联网后补传。')));
      return;
    }
    const { kioskChart } = await import('./kiosk-charts');
    if (mine !== latest || !root.isConnected) return;
    const tiles = topTiles(r);
    charts = [
      kioskChart({ testid: 'kiosk-chart-sessions', description: '每天的触摸会话数折线图', labels: r.days, values: r.sessionsPerDay, kind: 'line', yLabel: '会话数', unit: '次', colour: 0, integer: true }),
      kioskChart({ testid: 'kiosk-chart-duration', description: '每天的平均会话时长折线图（秒）', labels: r.days, values: avgSeconds(r), kind: 'line', yLabel: '平均时长（秒）', unit: '秒', colour: 1 }),
      kioskChart({ testid: 'kiosk-chart-depth', description: '会话深度柱状图：停在首页为 0 层', labels: r.depthHistogram.map((d) => (d.depth === 0 ? '首页' : `${d.depth} 层`)), values: r.depthHistogram.map((d) => d.count), kind: 'bars', yLabel: '会话数', unit: '次', colour: 2, integer: true }),
      kioskChart({ testid: 'kiosk-chart-tiles', description: '最常点的按钮柱状图', labels: tiles.map((t) => t.name), values: tiles.map((t) => t.count), kind: 'bars', yLabel: '点击次数', unit: '次', colour: 3, integer: true }),
    ];
    const [sessions, duration, depth, tileChart] = charts;
    const ended = r.endedBy ? Object.entries(r.endedBy).filter(([, n]) => n > 0).map(([k, n]) => `${ENDED_LABELS[k as keyof typeof ENDED_LABELS] ?? k} ${n}`).join('，') : '';
    const row = (label: string, value: string, testid: string) => h('tr', { 'data-testid': testid }, [h('th', { scope: 'row' }, label), h('td', { class: 'num' }, value)]);
    mount(body, [
      h('div', { class: 'kiosk-charts' }, [
        card('每天会话数', sessions!.el),
        card('平均会话时长', duration!.el),
        card('会话深度（最深点到第几层）', depth!.el),
        card('最常点的按钮', [
          tileChart!.el,
          h('ol', { class: 'kiosk-tile-legend muted', 'data-testid': 'kiosk-tile-legend' }, tiles.map((t) => h('li', { title: t.tile }, `${t.name} · ${t.count} 次`))),
        ]),
      ]),
      card('合计', table(['项目', '数值'], [
        row('会话数', String(totals.sessions), 'kiosk-total-sessions'),
        row('平均时长', formatSeconds(totals.avgMs), 'kiosk-total-duration'),
        row('平均深度', `${totals.avgDepth.toFixed(1)} 层`, 'kiosk-total-depth'),
        row('进入首页以下的会话', `${Math.round(totals.deeperShare * 100)}%`, 'kiosk-total-deeper'),
        row('按钮点击次数', String(totals.tilesTouched), 'kiosk-total-tiles'),
        ...(ended ? [row('结束方式', ended, 'kiosk-total-ended')] : []),
      ], '', 'kiosk-stats-table')),
    ]);
  }

  async function load(): Promise<void> {
    const q: KioskReportQuery = { from: from.value, to: to.value, screenId: screen.value || undefined };
    if (!DAY.test(q.from) || !DAY.test(q.to)) return mount(body, h('p', { class: 'load-error', role: 'alert' }, '请填写开始和结束日期'));
    if (q.from > q.to) return mount(body, h('p', { class: 'load-error', role: 'alert' }, '开始日期不能晚于结束日期'));
    history.replaceState(null, '', `#/kiosk-analytics?${kioskSearch(q)}`);
    const mine = ++latest;
    clearCharts();
    mount(body, loading());
    try {
      const report = await api.kioskReport(q);
      if (mine === latest && root.isConnected) await show(report, mine);
    } catch (err) {
      if (mine !== latest) return;
      mount(body, isMissingEndpoint(err) ? h('p', { class: 'muted' }, '服务器暂不支持触摸统计') : loadError(errorText(err), () => void load()));
    }
  }

  /** Says whose calendar the dates are; a default range follows the kiosk's hall (typed dates stay). */
  function followHall(): void {
    const zone = zoneNow();
    zoneNote.textContent = screen.value ? `日期为该终端所在营业厅当地日期（${zoneLabel(zone)}）` : `日期为各营业厅当地日期；默认范围按${zoneLabel(zone)}`;
    const next = lastHallDays(7, zone);
    if (from.value === range.from && to.value === range.to) {
      from.value = next.from;
      to.value = next.to;
    }
    range = next;
  }

  from.onchange = to.onchange = () => void load();
  screen.onchange = () => {
    followHall();
    void load();
  };
  followHall();

  void (async () => {
    // The kiosk list is a convenience: the report loads even when it cannot.
    const [screens, halls] = await Promise.all([api.listScreens().catch(() => []), api.listHalls().catch(() => [])]);
    if (halls.length) rememberHalls(halls);
    const kiosks = screens.filter((s) => s.kind === 'kiosk').sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const k of kiosks) hallOf.set(k.id, k.hallId);
    screen.replaceChildren(...options([['', '全部查询终端'], ...kiosks.map((s): [string, string] => [s.id, s.name])], query.get('screenId') ?? ''));
    followHall();
    if (root.isConnected) await load();
  })();

  return () => {
    latest++;
    clearCharts();
  };
};
