/**
 * 营业厅日历 (`#/calendar?hall=&view=day|week|month&date=`): which entries play on which screens of one
 * hall per day and hour, with 闭馆, 特殊营业时间 and 照常营业 days marked, from the server's `hallCalendar` (the
 * resolver's own timeline). Dates are the hall's; today is the hall's today (time/hall-time.ts). A day
 * in 月 or 周 opens 日; 日 links to the 日程表 of each screen for the "why" of a bar.
 */
import type { Hall } from '../../content/model';
import type { HallCalendar } from '../../content/hall-calendar';
import { api } from '../api';
import type { View } from '../context';
import { h, mount, options } from '../ui/dom';
import { errorText, withBusy } from '../ui/feedback';
import { button, card, loadError, loading, pageHeader } from '../ui/page';
import { hallToday, rememberHalls, zoneLabel } from '../time/hall-time';
import { hallCalendar } from './calendar-api';
import { CALENDAR_VIEWS, VIEW_LABELS, shiftDate, viewSpan, viewTitle, type CalendarView } from './calendar-grid';
import { calendarLegend, dayRows, monthGrid, weekGrid } from './hall-calendar-draw';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const isView = (v: string | null): v is CalendarView => CALENDAR_VIEWS.includes(v as CalendarView);

export const hallCalendarView: View = (root, ctx, _params, query) => {
  let halls: Hall[] = [];
  let view: CalendarView = isView(query.get('view')) ? (query.get('view') as CalendarView) : 'month';
  let date = DATE_RE.test(query.get('date') ?? '') ? query.get('date')! : '';
  let seq = 0;

  const hallSel = h('select', { 'data-testid': 'calendar-hall', id: 'calendar-hall', 'aria-label': '营业厅', onchange: () => void load() });
  const viewButtons = CALENDAR_VIEWS.map((v) => h('button', {
    type: 'button', class: 'btn small', 'data-testid': `calendar-view-${v}`, 'aria-pressed': String(v === view),
    onclick: () => { view = v; void load(); },
  }, VIEW_LABELS[v]));
  const title = h('h2', { class: 'card-title', 'data-testid': 'calendar-title' });
  const caption = h('p', { class: 'muted tl-caption', 'data-testid': 'calendar-caption' });
  const legendHost = h('div');
  const host = h('div', { 'data-testid': 'calendar', 'data-state': 'loading' }, loading());
  const hall = () => halls.find((x) => x.id === hallSel.value);
  const move = (by: 1 | -1 | 0) => {
    const x = hall();
    if (!x) return;
    date = by === 0 ? hallToday(x.timezone) : shiftDate(view, date || hallToday(x.timezone), by);
    void load();
  };
  const openDay = (d: string) => {
    view = 'day';
    date = d;
    void load();
  };

  mount(root, [
    pageHeader('营业厅日历', '按营业厅当地日历查看全部屏幕每天、每小时播放的排期，节假日闭馆与特殊营业时间一并标出；点击某天查看当天每块屏幕'),
    card(null, h('div', { class: 'tl-controls cal-controls' }, [
      h('div', { class: 'field' }, [h('label', { for: hallSel.id }, '营业厅'), hallSel]),
      h('div', { class: 'cal-switch', role: 'group', 'aria-label': '视图' }, viewButtons),
      h('div', { class: 'actions tl-actions' }, [
        button('‹', 'calendar-prev', () => move(-1)),
        button('今天', 'calendar-today', () => move(0)),
        button('›', 'calendar-next', () => move(1)),
      ]),
    ])),
    card(null, [h('div', { class: 'tl-head' }, [title, caption, legendHost]), host]),
  ]);

  function draw(cal: HallCalendar, x: Hall): void {
    const today = hallToday(x.timezone);
    title.textContent = viewTitle(view, date);
    caption.textContent = `${x.name} · ${cal.screens.length} 块屏幕 · 时间为营业厅当地时间（${zoneLabel(x.timezone)}）`;
    mount(legendHost, calendarLegend(cal));
    mount(host, view === 'month' ? monthGrid(cal, date, today, openDay) : view === 'week' ? weekGrid(cal, today, openDay) : dayRows(cal, date, Date.now()));
    host.dataset.state = 'ready';
    host.dataset.view = view;
  }

  async function load(opts: { quiet?: boolean; rethrow?: boolean } = {}): Promise<void> {
    const x = hall();
    const my = ++seq;
    for (const b of viewButtons) b.setAttribute('aria-pressed', String(b.dataset.testid === `calendar-view-${view}`));
    if (!x) {
      host.dataset.state = 'empty';
      mount(host, h('p', { class: 'muted' }, '还没有营业厅'));
      return;
    }
    if (!DATE_RE.test(date)) date = hallToday(x.timezone);
    history.replaceState(null, '', `#/calendar?${new URLSearchParams({ hall: x.id, view, date })}`);
    if (!opts.quiet) {
      host.dataset.state = 'loading';
      mount(host, loading());
    }
    const { from, days } = viewSpan(view, date);
    try {
      const cal = await hallCalendar(x.id, from, days);
      if (my === seq && root.isConnected) draw(cal, x);
    } catch (err) {
      if (my !== seq) return;
      host.dataset.state = 'error';
      mount(host, loadError(errorText(err), () => void load()));
      if (opts.rethrow) throw err;
    }
  }

  async function start(): Promise<void> {
    try {
      halls = await api.listHalls();
    } catch (err) {
      host.dataset.state = 'error';
      mount(host, loadError(errorText(err), () => void start()));
      return;
    }
    if (halls.length) rememberHalls(halls);
    const keep = hallSel.value || query.get('hall') || '';
    hallSel.replaceChildren(...options(halls.map((x): [string, string] => [x.id, x.name])));
    hallSel.value = halls.some((x) => x.id === keep) ? keep : (halls[0]?.id ?? '');
    await load();
  }

  void start();
  const reload = button('刷新', 'calendar-reload', () => void withBusy(reload, () => load({ rethrow: true })));
  root.querySelector('.tl-actions')?.append(reload);
  return ctx.live.onChanged(['schedules', 'playlists', 'slides', 'screens', 'halls', 'district'], () => void load({ quiet: true }));
};
