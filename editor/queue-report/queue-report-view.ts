/**
 * 排队统计: the hall's own queue per service, counter and hour for a range of the hall's days (default:
 * the hall's today, as the server decides — never the browser's calendar), an hourly bar chart of
 * tickets taken, and the same figures as CSV.
 */
import type { QueueReport, Spread } from '../../content/ticketing-report';
import { api } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText } from '../ui/feedback';
import { button, card, loadError, loading, pageHeader, table } from '../ui/page';
import { ownQueueApi } from '../queue-caller/own-queue-api';

const min = (s: Spread, k: 'avg' | 'p90'): string => (s[k] === null ? '—' : `${s[k]} 分`);

/** Tickets per hour of the hall's day as CSS bars (hours with no ticket at the edges are left out). */
export function hourBars(hours: QueueReport['hours']): HTMLElement {
  const used = hours.filter((x) => x.tickets > 0);
  if (used.length === 0) return h('p', { class: 'muted' }, '所选日期没有取号');
  const first = used[0]!.hour;
  const last = used[used.length - 1]!.hour;
  const peak = Math.max(...used.map((x) => x.tickets));
  return h('div', { class: 'qr-bars', 'data-testid': 'queue-report-hours', role: 'img', 'aria-label': '每小时取号数' }, hours.slice(first, last + 1).map((x) =>
    h('div', { class: 'qr-bar', 'data-hour': x.hour, 'data-tickets': x.tickets, title: `${x.hour}:00 取号 ${x.tickets}，办结 ${x.served}，平均等候 ${min(x.waitMinutes, 'avg')}` }, [
      h('span', { class: 'qr-bar-fill', style: `height:${Math.round((x.tickets / peak) * 100)}%` }),
      h('span', { class: 'qr-bar-label' }, String(x.hour)),
    ])));
}

function render(r: QueueReport): HTMLElement[] {
  const t = r.totals;
  return [
    h('div', { class: 'queue-report-totals', 'data-testid': 'queue-report-totals' }, [
      `取号 ${t.tickets} · 办结 ${t.served} · 过号 ${t.skipped} · 转移 ${t.transferred} · 等候中 ${t.waiting} · 未办理 ${t.leftUnserved}`,
      h('br'),
      `平均等候 ${min(t.waitMinutes, 'avg')}（P90 ${min(t.waitMinutes, 'p90')}） · 平均办理 ${min(t.serviceMinutes, 'avg')}（P90 ${min(t.serviceMinutes, 'p90')}）`,
    ]),
    card('每小时取号', hourBars(r.hours)),
    card('按业务', table(['业务', '取号', '办结', '过号', '转出', '等候中', '未办理', '平均等候', 'P90 等候', '平均办理', 'P90 办理'], r.services.map((s) =>
      h('tr', { 'data-testid': 'queue-report-service', 'data-service-id': s.serviceId }, [s.prefix ? `${s.prefix} ${s.name}` : s.name, s.tickets, s.served, s.skipped, s.transferred, s.waiting, s.leftUnserved, min(s.waitMinutes, 'avg'), min(s.waitMinutes, 'p90'), min(s.serviceMinutes, 'avg'), min(s.serviceMinutes, 'p90')].map((v) => h('td', {}, String(v))))), '没有业务', 'queue-report-services')),
    card('按窗口', table(['窗口', '叫号', '办结', '过号', '转出', '平均办理', 'P90 办理', '评价（非常满意 / 满意 / 不满意）'], r.counters.map((c) =>
      h('tr', { 'data-testid': 'queue-report-counter', 'data-counter': c.counter }, [`${c.counter} 号窗口`, c.called, c.served, c.skipped, c.transferred, min(c.serviceMinutes, 'avg'), min(c.serviceMinutes, 'p90'), `${c.ratings.great} / ${c.ratings.good} / ${c.ratings.bad}`].map((v) => h('td', {}, String(v))))), '所选日期没有窗口叫号', 'queue-report-counters')),
  ];
}

export const queueReportView: View = (root) => {
  const hallSel = h('select', { 'data-testid': 'queue-report-hall', 'aria-label': '营业厅' });
  const from = h('input', { type: 'date', 'data-testid': 'queue-report-from', 'aria-label': '开始日期' });
  const to = h('input', { type: 'date', 'data-testid': 'queue-report-to', 'aria-label': '结束日期' });
  const csv = h('a', { class: 'btn', 'data-testid': 'queue-report-csv', download: '' }, '导出 CSV');
  const body = h('div', { 'data-testid': 'queue-report' }, loading());
  let disposed = false;
  const load = async (): Promise<void> => {
    if (!hallSel.value) return void mount(body, h('p', { class: 'muted' }, '还没有营业厅'));
    const q = { hallId: hallSel.value, ...(from.value && { from: from.value }), ...(to.value && { to: to.value }) } as { hallId: string; from: string; to: string };
    try {
      const r = await ownQueueApi.report(q);
      if (disposed) return;
      // The server's answer carries the hall's days (its today when none was asked for).
      from.value = r.from;
      to.value = r.to;
      csv.href = ownQueueApi.reportCsvUrl({ hallId: hallSel.value, from: r.from, to: r.to });
      mount(body, render(r));
    } catch (err) {
      mount(body, loadError(errorText(err), () => void load()));
    }
  };
  mount(root, [pageHeader('排队统计', '本系统自带排队的取号、等候与办理（营业厅当地日期）', [hallSel, from, to, button('查询', 'queue-report-load', () => void load(), 'primary'), csv]), body]);
  hallSel.onchange = () => {
    from.value = '';
    to.value = '';
    void load();
  };
  void api.listHalls().then((halls) => {
    mount(hallSel, options(halls.map((x): [string, string] => [x.id, x.name]), halls[0]?.id));
    void load();
  }, (err) => mount(body, loadError(errorText(err), () => location.reload())));
  return () => void (disposed = true);
};
