/**
 * Draws a 营业厅日历 answer (content/hall-calendar.ts) three ways: 月 (a grid of days with a dot per
 * entry and the count, exception days marked; a tap opens that day), 周 (hours × days, a dot per entry
 * playing in that hour, sleeping screens shaded) and 日 (one row per screen, bars on a 24-hour axis,
 * like the 日程表). Today is the hall's today, passed in.
 */
import type { CalendarDay, CalendarGroup, HallCalendar } from '../../content/hall-calendar';
import { AREA_LABELS } from '../../content/model';
import { addDays, wallClock, zonedInstant } from '../../content/wall-clock';
import { h } from '../ui/dom';
import { exceptionMark, inMonth } from './calendar-grid';
import { scheduleColour, sharedBackground } from './schedule-colour';
import { HallClock, timelineAxis } from './timeline-calendar';

const DOTS = 4;
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

const names = (cal: HallCalendar) => new Map(cal.schedules.map((s) => [s.id, s.name]));

function mark(day: CalendarDay): HTMLElement | false {
  const m = exceptionMark(day.exception);
  return !!m && h('span', { class: `cal-exception ${m.kind}`, 'data-testid': 'calendar-exception', 'data-kind': m.kind, title: m.text }, m.text);
}

function dots(ids: readonly string[], title: string): HTMLElement {
  return h('span', { class: 'cal-dots', title }, [
    ids.slice(0, DOTS).map((id) => h('span', { class: 'cal-dot', 'data-schedule-id': id, style: `background: ${scheduleColour(id)}` })),
    ids.length > DOTS && h('small', { class: 'muted' }, `+${ids.length - DOTS}`),
  ]);
}

/** 月: whole weeks, Monday first; each day a button that opens the day view. */
export function monthGrid(cal: HallCalendar, date: string, today: string, openDay: (date: string) => void): HTMLElement {
  const n = names(cal);
  const cells = cal.days.map((day) => {
    const ids = day.entries.map((e) => e.scheduleId);
    const summary = [mark(day) && exceptionMark(day.exception)!.text, ...day.entries.map((e) => `${n.get(e.scheduleId) ?? e.scheduleId}：${e.screens} 块屏`)].filter(Boolean).join('\n');
    const [, , d] = day.date.split('-').map(Number);
    return h('button', {
      type: 'button',
      class: ['cal-cell', !inMonth(day.date, date) && 'other-month', day.date === today && 'today', day.exception && `exception ${day.exception.kind}`].filter(Boolean).join(' '),
      'data-testid': 'calendar-day', 'data-date': day.date, 'data-entries': ids.length,
      'aria-label': `${day.date}${day.date === today ? '（今天）' : ''}：${summary.replace(/\n/g, '；') || '无排期'}`,
      title: summary || '无排期',
      onclick: () => openDay(day.date),
    }, [
      h('span', { class: 'cal-date' }, [String(d), day.date === today && h('small', { class: 'cal-today' }, '今天')]),
      mark(day),
      ids.length > 0 && dots(ids, summary),
      ids.length > 0 && h('small', { class: 'cal-count muted' }, `${ids.length} 个排期`),
    ]);
  });
  return h('div', { class: 'cal-month', 'data-testid': 'calendar-month' }, [
    WEEKDAYS.map((w) => h('div', { class: 'cal-weekday', 'aria-hidden': 'true' }, w)),
    cells,
  ]);
}

/** 周: a column per day, a row per hour; shaded where screens sleep (all: dark, some: light). */
export function weekGrid(cal: HallCalendar, today: string, openDay: (date: string) => void): HTMLElement {
  const n = names(cal);
  const total = cal.screens.length;
  const head = cal.days.map((day) => {
    const [, m, d] = day.date.split('-').map(Number);
    return h('button', {
      type: 'button', class: `cal-week-head${day.date === today ? ' today' : ''}`, 'data-testid': 'calendar-week-day', 'data-date': day.date,
      onclick: () => openDay(day.date),
    }, [h('strong', {}, `${m}/${d}`), h('small', {}, day.date === today ? '今天' : `周${WEEKDAYS[cal.days.indexOf(day) % 7]}`), mark(day)]);
  });
  const rows = Array.from({ length: 24 }, (_, hour) => [
    h('div', { class: 'cal-hour', 'aria-hidden': 'true' }, `${String(hour).padStart(2, '0')}`),
    cal.days.map((day) => {
      const cell = day.hours[hour]!;
      const ids = cell.entries.map((e) => e.scheduleId);
      const words = [
        ...cell.entries.map((e) => `${n.get(e.scheduleId) ?? e.scheduleId}：${e.screens} 块屏`),
        cell.standby > 0 && `待机：${cell.standby} 块屏`,
      ].filter(Boolean).join('\n');
      const sleep = total > 0 && cell.standby >= total ? ' asleep' : cell.standby > 0 ? ' dozing' : '';
      return h('div', { class: `cal-slot${sleep}`, 'data-testid': 'calendar-slot', 'data-date': day.date, 'data-hour': hour, title: `${day.date} ${String(hour).padStart(2, '0')}:00\n${words || '无'}` },
        ids.length > 0 && dots(ids, words));
    }),
  ]);
  return h('div', { class: 'cal-week', 'data-testid': 'calendar-week' }, [h('div', { class: 'cal-hour' }), head, rows]);
}

function groupBars(g: CalendarGroup, date: string, clock: HallClock, n: Map<string, string>): HTMLElement[] {
  const tz = clock.timeZone;
  const dayStart = zonedInstant(date, 0, tz);
  const dayEnd = zonedInstant(addDays(date, 1), 0, tz);
  return g.segments.flatMap((s) => {
    const a = Math.max(Date.parse(s.start), dayStart);
    const b = Math.min(Date.parse(s.end), dayEnd);
    if (b <= a) return [];
    const left = a <= dayStart ? 0 : wallClock(a, tz).minutes;
    let right = b >= dayEnd ? 1440 : wallClock(b, tz).minutes;
    if (right <= left) right = Math.min(1440, left + (b - a) / 60_000);
    const label = s.kind === 'standby' ? '营业时间外' : s.kind === 'idle' ? '待机画面' : s.kind === 'default' ? '默认内容' : s.scheduleIds.map((id) => n.get(id) ?? id).join(' + ');
    const background = s.kind === 'scheduled' && s.scheduleIds.length ? sharedBackground(s.scheduleIds) : undefined;
    return [h('span', {
      class: `tl-bar${s.kind === 'scheduled' ? '' : ` ${s.kind}`}`, 'data-testid': 'calendar-bar', 'data-kind': s.kind, 'data-schedule-ids': s.scheduleIds.join(' '),
      style: `left: ${(left / 1440) * 100}%; width: ${((right - left) / 1440) * 100}%;${background ? ` background: ${background};` : ''}`,
      title: `${clock.range(a, b)}\n${label}`,
    }, h('span', { class: 'tl-bar-label' }, label))];
  });
}

/** 日: a row per screen of the hall (alike screens share their bars), the hour axis above and below. */
export function dayRows(cal: HallCalendar, date: string, now: number): HTMLElement {
  const clock = new HallClock(cal.timezone);
  const n = names(cal);
  const screens = new Map(cal.screens.map((s) => [s.id, s]));
  const today = wallClock(now, cal.timezone).date === date;
  const day = cal.days.find((d) => d.date === date);
  const rows = cal.groups.flatMap((g) => g.screenIds.map((id) => {
    const s = screens.get(id);
    return h('div', { class: 'tl-row tl-day', 'data-testid': 'calendar-screen-row', 'data-screen-id': id }, [
      h('div', { class: 'tl-day-label' }, [h('strong', {}, s?.name ?? id), h('small', { class: 'muted' }, AREA_LABELS[g.area])]),
      h('div', { class: 'tl-track' }, [
        groupBars(g, date, clock, n),
        today && h('span', { class: 'tl-now', title: `现在 ${clock.hhmm(now)}`, style: `left: ${(wallClock(now, cal.timezone).minutes / 1440) * 100}%` }),
      ]),
    ]);
  }));
  return h('div', { class: 'cal-day', 'data-testid': 'calendar-day-view', 'data-date': date }, [
    day && mark(day),
    rows.length ? h('div', { class: 'tl-calendar' }, [timelineAxis(), rows, timelineAxis()]) : h('p', { class: 'muted' }, '本营业厅还没有屏幕'),
  ]);
}

/** The legend: a swatch per entry in the answer, and what shading means. */
export function calendarLegend(cal: HallCalendar): HTMLElement {
  return h('ul', { class: 'tl-legend', 'data-testid': 'calendar-legend', 'aria-label': '图例' }, [
    cal.schedules.map((s) => h('li', { 'data-schedule-id': s.id }, [h('span', { class: 'tl-swatch', style: `background: ${scheduleColour(s.id)}` }), h('span', {}, s.name)])),
    h('li', {}, [h('span', { class: 'tl-swatch standby' }), h('span', {}, '营业时间外 / 闭馆（屏幕待机）')]),
  ]);
}
